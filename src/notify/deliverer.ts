/**
 * The delivery loop, as named stages:
 *
 *   claim a batch ─► read the records ─► check the code is final ─► build the message ─► rate limit
 *   (leased)          (with the owner)     (final-code.ts)           (message.ts)          ─► hand to the channel
 *                                                                                          ─► settle the batch
 *
 * `concurrency` workers hand notifications over one at a time each; claims run ahead of them and
 * outcomes are settled `batchSize` at a time, so the channel is never left idle while the store
 * works. A batch is settled in one store transaction (sent moves each record to notified). A deliverer
 * killed before settling leaves its claims to lapse; the next run sends them again under the same
 * idempotency keys, which the receiver uses to deliver each once (docs/notification.md).
 */
import { randomBytes } from "node:crypto";
import type { ClaimedNotification, NotificationClaim, NotificationOutcome, Store } from "../store/store.js";
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs } from "./backoff.js";
import { type Channel, DeliveryError } from "./channel.js";
import { finalCodeProblem } from "./final-code.js";
import { buildMessage, type MessageSettings, type OwnerMessage } from "./message.js";
import { RateLimiter } from "./rate-limit.js";

/** What a deliverer needs of a store to make its claims ready itself. */
export type NotificationStore = Pick<Store, "claimNotifications" | "getMany" | "settleNotifications">;

/** A claimed notification made ready: its message to hand over, or why it may not be sent (a dead letter). */
export type ReadyNotification =
  | { notification: ClaimedNotification; message: OwnerMessage; problem?: undefined }
  | { notification: ClaimedNotification; message?: undefined; problem: string };

/**
 * The store's side of a run: a batch claimed and made ready (the records read with their owners,
 * the final-code rule applied, the messages built), and the outcomes settled.
 */
export interface NotificationOutbox {
  claimReady(claim: NotificationClaim): Promise<ReadyNotification[]>;
  settleNotifications: Store["settleNotifications"];
}

/**
 * Claims a batch and makes it ready: the records read in one call, each message built at the
 * claim's time (its link's expiry counts from there; a claim is handed over within its lease).
 */
export async function claimReady(store: NotificationStore, claim: NotificationClaim, settings: MessageSettings): Promise<ReadyNotification[]> {
  const claimed = await store.claimNotifications(claim);
  if (claimed.length === 0) return [];
  const records = await store.getMany(
    claimed.map((n) => n.code),
    { withPersonalData: true },
  );
  const now = claim.now ?? new Date();
  return claimed.map((notification, i) => {
    const record = records[i];
    if (record === null) return { notification, problem: `record ${notification.code} is gone` };
    const problem = finalCodeProblem(record);
    if (problem !== null) return { notification, problem };
    return { notification, message: buildMessage(notification, record, settings, now) };
  });
}

/** The outbox of a store on this thread: its claims made ready here. */
export function outboxOver(store: NotificationStore, settings: MessageSettings): NotificationOutbox {
  return {
    claimReady: (claim) => claimReady(store, claim, settings),
    settleNotifications: (...args) => store.settleNotifications(...args),
  };
}

export interface DeliveryOptions extends MessageSettings {
  /**
   * A store, whose claims the deliverer makes ready on this thread with the message settings, or an
   * outbox that makes them ready itself with its own (`OutboxThread`).
   */
  store: NotificationStore | NotificationOutbox;
  channel: Channel;
  /** Notifications to take at most in this run (default: every one due). */
  limit?: number;
  /** Hand-overs per second at most (default: unlimited). */
  ratePerSecond?: number;
  /** Hand-overs in flight at once (default 16); an HTTP channel wants as many connections. */
  concurrency?: number;
  /** Notifications per claim, and so per settling transaction (default 200). */
  batchSize?: number;
  /** How long a claim holds, ms (default 5 minutes); long enough for a batch at the rate limit. */
  leaseMs?: number;
  /** Attempts before a notification is given up (default 8). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** Names this run's claims (default random). */
  claimant?: string;
  /** Told after each settled batch. */
  onBatch?: (summary: DeliverySummary) => void;
  /** The clock (tests). */
  now?: () => Date;
  random?: () => number;
}

export interface DeliverySummary {
  channel: string;
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
  /** Claimed, but another deliverer had taken them over when this one settled. */
  lost: number;
}

export async function deliver(options: DeliveryOptions): Promise<DeliverySummary> {
  const { channel } = options;
  const outbox = "claimReady" in options.store ? options.store : outboxOver(options.store, options);
  const now = options.now ?? (() => new Date());
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const concurrency = options.concurrency ?? 16;
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 300_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const claimant = options.claimant ?? `deliverer-${randomBytes(6).toString("hex")}`;
  const limiter = options.ratePerSecond ? new RateLimiter(options.ratePerSecond) : null;
  const summary: DeliverySummary = { channel: channel.name, claimed: 0, sent: 0, failed: 0, dead: 0, lost: 0 };

  /** One notification's attempt, to its outcome. */
  const attempt = async ({ notification, message, problem }: ReadyNotification): Promise<NotificationOutcome> => {
    const { id } = notification;
    if (message === undefined) return { id, outcome: "dead", reason: problem };
    if (limiter) await limiter.take();
    try {
      return { id, outcome: "sent", receipt: await channel.send(message) };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const attempts = notification.attempts + 1;
      if (error instanceof DeliveryError && error.permanent) return { id, outcome: "dead", reason: `refused by ${channel.name}: ${text}` };
      if (attempts >= maxAttempts) return { id, outcome: "dead", reason: `${attempts} attempts, the last: ${text}` };
      const nextAttemptAt = new Date(now().getTime() + retryDelayMs(attempts, options.backoff ?? DEFAULT_BACKOFF, options.random));
      return { id, outcome: "failed", error: text, nextAttemptAt };
    }
  };

  /**
   * The next batch is claimed once fewer than this many are waiting: a batch ahead, so that the
   * workers do not run dry while a claim is on its way (from a store thread, a batch's claim and
   * read take longer than a few hand-overs).
   */
  const claimAheadBelow = Math.max(concurrency, batchSize);
  /** Claimed notifications made ready, waiting for a worker. */
  const waiting: ReadyNotification[] = [];
  /** Outcomes not settled yet. */
  let unsettled: NotificationOutcome[] = [];
  let exhausted = false;
  let claiming: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;

  const claimMore = async (): Promise<void> => {
    const claimed = await outbox.claimReady({
      channel: channel.name,
      claimant,
      limit: Math.min(batchSize, limit - summary.claimed),
      leaseMs,
      contact: channel.contact,
      now: now(),
    });
    summary.claimed += claimed.length;
    if (claimed.length === 0 || summary.claimed >= limit) exhausted = true;
    waiting.push(...claimed);
  };
  /** One claim at a time; the workers waiting for it share it. */
  const claimOnce = (): Promise<void> => {
    claiming ??= claimMore().finally(() => {
      claiming = null;
    });
    return claiming;
  };
  const settle = async (): Promise<void> => {
    const outcomes = unsettled;
    unsettled = [];
    const settled = await outbox.settleNotifications(claimant, channel.name, outcomes, now());
    settled.forEach((s, i) => {
      if (!s.applied) summary.lost++;
      else summary[outcomes[i].outcome]++;
    });
    options.onBatch?.({ ...summary });
  };

  // The hand-overs never wait for the store: the next batch is claimed while fewer than
  // `claimAheadBelow` notifications are left waiting, and outcomes are settled a batch at a time
  // while the other workers' requests are in flight. On a failure (the store's) the workers stop
  // taking notifications; what was sent and not settled is sent again by the next run under the
  // same keys, once the claims lapse.
  const worker = async (): Promise<void> => {
    while (failure === null) {
      if (waiting.length < claimAheadBelow && !exhausted && claiming === null) {
        claimOnce().catch((error: unknown) => {
          failure ??= { error };
        });
      }
      const next = waiting.shift();
      if (next === undefined) {
        if (exhausted && claiming === null) return;
        await claimOnce();
        continue;
      }
      // Awaited before `unsettled` is read: a settle may have replaced it meanwhile.
      const outcome = await attempt(next);
      unsettled.push(outcome);
      if (unsettled.length >= batchSize) await settle();
    }
  };
  const workers = Array.from({ length: concurrency }, () =>
    worker().catch((error: unknown) => {
      failure ??= { error };
    }),
  );
  await Promise.all(workers);
  if (failure !== null) throw (failure as { error: unknown }).error;
  if (unsettled.length > 0) await settle();
  return summary;
}
