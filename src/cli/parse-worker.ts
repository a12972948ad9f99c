/**
 * A worker thread of `diachiso parse --ndjson --workers N`: parses each batch of lines it is sent
 * with its own parser and sends back the batch's JSON lines as UTF-8 (the buffer is transferred,
 * not copied). See parse-pool.ts.
 */
import { parentPort } from "node:worker_threads";
import { ParsingService } from "../services/parsing.js";
import type { ParseBatchRequest, ParseBatchResult } from "./parse-pool.js";
import { ParsedJsonWriter } from "./parsed-json.js";

const port = parentPort!;
const parsing = new ParsingService();
const writer = new ParsedJsonWriter();
const parse = (text: string) => parsing.parse(text);
port.on("message", ({ id, lines }: ParseBatchRequest) => {
  const failures = writer.writeParsed(parse, lines);
  const bytes = writer.take();
  // take() hands out the start of a buffer of its own (never Node's shared pool): safe to transfer.
  const result: ParseBatchResult = { id, buffer: bytes.buffer as ArrayBuffer, length: bytes.length, failures };
  port.postMessage(result, [result.buffer]);
});
