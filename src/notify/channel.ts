/**
 * The one interface every notification channel implements (SMS, Zalo, e-mail, the commune's
 * file), and the error a channel throws to say whether trying again could help.
 */
import type { OwnerMessage } from "./message.js";

/** The contact a channel needs of the owner; null when it needs none (the commune officer hands the letter over). */
export type ChannelContact = "phone" | "email" | null;

export interface Channel {
  /** "sms", "zalo", "email", "file": kept on the notification and in the record's history (`notify:<name>`). */
  readonly name: string;
  readonly contact: ChannelContact;
  /**
   * Hands one message over and answers the channel's receipt (a message id, a file and line).
   * `message.idempotencyKey` is the same on every attempt of one notification: a receiver that
   * keeps it turns a repeated hand-over (a retry after a timeout, a deliverer killed before it
   * recorded the send) into one delivery. Throws DeliveryError.
   */
  send(message: OwnerMessage): Promise<string>;
  /** Finishes what the channel writes at the end (the file channel's PDFs) and frees its connections. */
  close(): Promise<void>;
}

/** A send that did not happen. `permanent`: the same message would be refused again (a bad number, a 4xx). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
