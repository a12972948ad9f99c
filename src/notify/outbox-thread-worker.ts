/**
 * The thread of `OutboxThread` (outbox-thread.ts): opens the store it is handed, says it is ready,
 * then runs each call on it in the order they come and answers it; `close` closes the store.
 */
import { parentPort, workerData } from "node:worker_threads";
import { threadCpuSeconds } from "../common/thread-cpu.js";
import type { NotificationClaim, NotificationOutcome } from "../store/store.js";
import { openStore } from "../store/open.js";
import { loadRegistry } from "../units/registry.js";
import { outboxOver } from "./deliverer.js";
import type { OutboxCall, OutboxReply, OutboxThreadData } from "./outbox-thread.js";

const port = parentPort!;
const data = workerData as OutboxThreadData;
const store = await openStore(data.location, { use: "write" });
const outbox = outboxOver(store, { registry: loadRegistry(), linkKey: Buffer.from(data.linkKey), publicUrl: data.publicUrl, ttlDays: data.ttlDays });
port.on("message", async ({ id, method, args }: OutboxCall) => {
  try {
    let result: unknown = null;
    if (method === "close") await store.close();
    else if (method === "cpu") result = threadCpuSeconds();
    else if (method === "claimReady") result = await outbox.claimReady(args[0] as NotificationClaim);
    else {
      const [claimant, channel, outcomes, at] = args as [string, string, NotificationOutcome[], Date | undefined];
      result = await outbox.settleNotifications(claimant, channel, outcomes, at);
    }
    port.postMessage({ id, result } satisfies OutboxReply);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies OutboxReply);
  }
});
port.postMessage({ ready: true } satisfies OutboxReply);
