/**
 * Deliverers side by side: `notify --deliverers N` runs N delivery loops, each in a worker thread
 * with its own connection to the store and its own channel (`notify-thread.ts`), so that the work
 * of one notification (the store's writes, the message's signing, the HTTP client) spreads over
 * the cores. Nothing is shared between them but the store: claims are leased, so a notification is
 * handed to one deliverer at a time, as with deliverers on different machines. The totals the
 * request sets hold across them: each takes its share of `concurrency`, `limit` and `ratePerSecond`.
 */
import { Worker } from "node:worker_threads";
import type { DeliverySummary } from "../notify/deliverer.js";
import type { DeliveryRequest } from "./notify-channels.js";

/** What a deliverer thread is started with. */
export interface DelivererData {
  location: string;
  /** The request (without its callback), with this deliverer's shares. */
  request: Omit<DeliveryRequest, "onBatch">;
  linkKey: Uint8Array;
}

export type DelivererReply = { batch: DeliverySummary } | { done: DeliverySummary } | { error: string };

/** The `index`th of `parts` shares of `total` (whole numbers summing to it, the first ones larger by one). */
export function shareOf(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

/**
 * Runs `deliverers` deliverers (fewer when `limit` is smaller) on the store at `location` and
 * answers their summed summary once all have finished. A deliverer that fails does not stop the
 * others (what it had claimed and not settled is taken again after the lease); the first failure
 * is thrown once they have finished.
 */
export async function deliverSideBySide(
  location: string,
  request: DeliveryRequest & { concurrency: number },
  linkKey: Buffer,
  deliverers: number,
): Promise<DeliverySummary> {
  const { onBatch, ...settings } = request;
  const count = request.limit === undefined ? deliverers : Math.min(deliverers, request.limit);
  const latest: DeliverySummary[] = [];
  const runs = Array.from({ length: count }, (_, i) => {
    const data: DelivererData = {
      location,
      request: {
        ...settings,
        concurrency: shareOf(request.concurrency, count, i),
        limit: request.limit === undefined ? undefined : shareOf(request.limit, count, i),
        ratePerSecond: request.ratePerSecond === undefined ? undefined : request.ratePerSecond / count,
      },
      linkKey,
    };
    const who = `deliverer ${i + 1} of ${count}`;
    return new Promise<DeliverySummary>((resolve, reject) => {
      let finished = false;
      const worker = new Worker(new URL("./notify-thread.js", import.meta.url), { workerData: data });
      worker.on("message", (reply: DelivererReply) => {
        if ("batch" in reply) {
          latest[i] = reply.batch;
          onBatch?.(summed(request.channel, latest));
          return;
        }
        finished = true;
        if ("done" in reply) resolve(reply.done);
        else reject(new Error(`${who}: ${reply.error}`));
      });
      worker.on("error", (error) => {
        finished = true;
        reject(new Error(`${who}: ${error.message}`));
      });
      worker.on("exit", (code) => {
        if (!finished) reject(new Error(`${who} stopped (exit code ${code}) before it finished`));
      });
    });
  });
  const results = await Promise.allSettled(runs);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return summed(request.channel, results.map((r) => (r as PromiseFulfilledResult<DeliverySummary>).value));
}

function summed(channel: string, summaries: readonly (DeliverySummary | undefined)[]): DeliverySummary {
  const total: DeliverySummary = { channel, claimed: 0, sent: 0, failed: 0, dead: 0, lost: 0 };
  for (const s of summaries) {
    if (s === undefined) continue;
    total.claimed += s.claimed;
    total.sent += s.sent;
    total.failed += s.failed;
    total.dead += s.dead;
    total.lost += s.lost;
  }
  return total;
}
