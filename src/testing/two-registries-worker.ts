/**
 * A worker thread for tests: builds the two parsers of two-registries.ts (the shipped registry
 * and the renamed copy at `workerData.renamedUnitsPath`), works out their answers interleaved,
 * and posts them back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { answersInterleaved, twoParsers } from "./two-registries.js";

const { renamedUnitsPath } = workerData as { renamedUnitsPath: string };
parentPort!.postMessage(await answersInterleaved(twoParsers(renamedUnitsPath)));
