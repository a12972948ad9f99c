/**
 * A worker thread of GeocodeThreads (geocode-threads.ts): opens the index it is handed (the base's
 * bytes in shared memory, the delta's records), builds its tables, says it is ready, then geocodes
 * each batch of texts it is sent, answering them in order.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { GeocodeReply, GeocodeRequest } from "./geocode-threads.js";
import { type SharedIndex, SearchService, SearchSession } from "./search.js";

const port = parentPort!;
const session = new SearchSession(new SearchService().openShared(workerData as SharedIndex));
session.warm();
port.postMessage({ ready: true } satisfies GeocodeReply);
port.on("message", ({ id, texts, options }: GeocodeRequest) => {
  try {
    const results = texts.map((text) => session.geocode(text, options).result);
    port.postMessage({ id, results } satisfies GeocodeReply);
  } catch (error) {
    port.postMessage({ id, error: (error as Error).message } satisfies GeocodeReply);
  }
});
