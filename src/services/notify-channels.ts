/**
 * The channels' settings turned into a channel, and one deliverer's run over a store and a channel:
 * what the service and each deliverer thread (notify-thread.ts) share. A channel's module is loaded
 * when it is chosen: the file channel's PDF library and the e-mail client are half a second of
 * start-up to a run (or a thread) that uses neither.
 */
import type { Channel } from "../notify/channel.js";
import { type DeliverySummary, deliver, type NotificationOutbox, type NotificationStore } from "../notify/deliverer.js";
import type { UnitRegistry } from "../units/registry.js";
import { ServiceError } from "./errors.js";

export const CHANNELS = ["sms", "zalo", "email", "file"] as const;
export type ChannelName = (typeof CHANNELS)[number];

export interface ChannelSettings {
  channel: ChannelName;
  /** file: the folder the communes' CSVs and PDFs go to. */
  out?: string;
  /** email: `smtp://…` or `smtps://…`, and the sender. */
  smtpUrl?: string;
  from?: string;
  /** sms, zalo: the gateway's endpoint and bearer token. */
  gatewayUrl?: string;
  token?: string | null;
  /** Per request, ms. */
  timeoutMs?: number;
  /** Hand-overs in flight at once (default 16); sms, zalo: the connections kept to the gateway. */
  concurrency?: number;
}

export interface DeliveryRequest extends ChannelSettings {
  /** Where the owner page is served (`<publicUrl>/o/<token>`): required, never guessed. */
  publicUrl: string;
  /** At most this many notifications in this run. */
  limit?: number;
  /** Hand-overs per second at most (a gateway's contract); default unlimited. */
  ratePerSecond?: number;
  /**
   * Deliverers side by side (default 1): each a thread with its own connection to the store and
   * its share of `concurrency`, `limit` and `ratePerSecond`, so the totals hold. Claims are
   * leased, so two never hand over the same notification. For sms, zalo and email: the file
   * channel's CSVs and PDFs are written by one deliverer.
   */
  deliverers?: number;
  /** Notifications per claim and per settling transaction (default the deliverer's). */
  batchSize?: number;
  /**
   * Runs the store's side (claims, the records read, the messages built, settling transactions) in
   * a thread of its own, beside each deliverer's hand-overs: on two cores the deliverer's thread no
   * longer carries both. Opens a second connection to the store at the access's location. Default:
   * on for one SMS, Zalo or e-mail deliverer over SQLite, off otherwise (`runsStoreThread`).
   */
  storeThread?: boolean;
  /** Told after each settled batch, with the run's totals so far (every deliverer's). */
  onBatch?: (summary: DeliverySummary) => void;
}

/**
 * One deliverer's run over a store and a channel it is given (this thread's, or a thread of
 * `deliverSideBySide`): the request is checked, `publicUrl` normalised.
 */
export function deliverThrough(store: NotificationStore | NotificationOutbox, channel: Channel, request: DeliveryRequest, linkKey: Buffer, registry: UnitRegistry): Promise<DeliverySummary> {
  return deliver({
    store,
    channel,
    registry,
    linkKey,
    publicUrl: request.publicUrl,
    limit: request.limit,
    ratePerSecond: request.ratePerSecond,
    concurrency: request.concurrency,
    batchSize: request.batchSize,
    onBatch: request.onBatch,
  });
}

/** The channel the settings name, its module loaded now; ServiceError `bad-request` naming a setting that is missing or wrong. */
export async function channelOf(settings: ChannelSettings): Promise<Channel> {
  const need = (value: string | undefined | null, name: string): string => {
    if (!value) throw new ServiceError("bad-request", `the ${settings.channel} channel needs ${name}`, name);
    return value;
  };
  switch (settings.channel) {
    case "file": {
      const out = need(settings.out, "an output folder");
      const { FileChannel } = await import("../notify/channels/file.js");
      return new FileChannel(out);
    }
    case "email": {
      const smtpUrl = need(settings.smtpUrl, "an SMTP URL");
      const from = need(settings.from, "a sender address");
      const { EmailChannel } = await import("../notify/channels/email.js");
      return new EmailChannel({ smtpUrl, from, timeoutMs: settings.timeoutMs });
    }
    case "sms":
    case "zalo": {
      const url = need(settings.gatewayUrl, "a gateway URL");
      if (!/^https?:\/\//.test(url)) throw new ServiceError("bad-request", `gateway URL "${url}" must be http or https`, "gatewayUrl");
      const { HttpChannel } = await import("../notify/channels/http.js");
      return new HttpChannel({ kind: settings.channel, url, token: settings.token, timeoutMs: settings.timeoutMs, connections: settings.concurrency });
    }
    default:
      throw new ServiceError("bad-request", `unknown channel "${String(settings.channel)}": one of ${CHANNELS.join(", ")}`, "channel");
  }
}
