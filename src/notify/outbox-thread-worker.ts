/**
 * The thread of `OutboxThread` (outbox-thread.ts): opens the store it is handed, says it is ready,
 * then runs each call on it in the order they come and answers it; `close` closes the store.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openStore } from "../store/open.js";
import type { OutboxCall, OutboxReply } from "./outbox-thread.js";

const port = parentPort!;
const store = await openStore((workerData as { location: string }).location, { use: "write" });
port.on("message", async ({ id, method, args }: OutboxCall) => {
  try {
    let result: unknown = null;
    if (method === "close") await store.close();
    else result = await (store[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    port.postMessage({ id, result } satisfies OutboxReply);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies OutboxReply);
  }
});
port.postMessage({ ready: true } satisfies OutboxReply);
