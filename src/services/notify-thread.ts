/**
 * A deliverer thread of `deliverSideBySide` (notify-threads.ts): opens the store and builds the
 * channel it is handed, runs one delivery loop with its shares, tells the main thread after each
 * settled batch and once at the end, after closing both.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { DeliverySummary } from "../notify/deliverer.js";
import { OutboxThread } from "../notify/outbox-thread.js";
import { openStore } from "../store/open.js";
import { loadRegistry } from "../units/registry.js";
import { channelOf, deliverThrough } from "./notify-channels.js";
import type { DelivererData, DelivererReply } from "./notify-threads.js";

const port = parentPort!;
const { location, request, linkKey } = workerData as DelivererData;
let reply: DelivererReply;
const store = request.storeThread
  ? await OutboxThread.open(location, { linkKey: Buffer.from(linkKey), publicUrl: request.publicUrl })
  : await openStore(location, { use: "write" });
const channel = await channelOf(request);
try {
  const onBatch = (batch: DeliverySummary) => port.postMessage({ batch } satisfies DelivererReply);
  reply = { done: await deliverThrough(store, channel, { ...request, onBatch }, Buffer.from(linkKey), loadRegistry()) };
} catch (error) {
  reply = { error: error instanceof Error ? error.message : String(error) };
} finally {
  await channel.close();
  await store.close();
}
port.postMessage(reply);
