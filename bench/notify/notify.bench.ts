/**
 * Notifications prepared and handed to a channel per second, beside a peer doing the same hand-over
 * without the outbox, on the same records:
 *
 *   npx tsc -p . && node dist/bench/notify/notify.bench.js [--records 20000] [--rounds 5]
 *
 * - file: `deliver` (claim under a lease, read the records, sign the link, CSV line, settle: each
 *   record moved to notified with its history entry) against a bare loop that signs the same
 *   links and writes the same CSV lines from records already in memory. The PDF is timed apart
 *   (it is written once per commune at the end of a run).
 * - http: `deliver` through the SMS channel to a local gateway (its own process) against bare
 *   `fetch` calls with the same bodies, headers and concurrency (16).
 * Each round starts from a fresh copy of the same store; contenders alternate (A/B) and the medians
 * are printed with their ratio.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { csvLine } from "../../src/common/csv.js";
import { ownerLinkKey } from "../../src/domain/owner-link.js";
import { FileChannel, LETTER_COLUMNS, readLetters } from "../../src/notify/channels/file.js";
import { HttpChannel } from "../../src/notify/channels/http.js";
import { deliver } from "../../src/notify/deliverer.js";
import { buildMessage, type MessageSettings } from "../../src/notify/message.js";
import { writeLettersPdf } from "../../src/notify/pdf.js";
import { rows } from "../../src/store/contract/samples.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { ClaimedNotification } from "../../src/store/store.js";
import { loadRegistry } from "../../src/units/registry.js";
import { arg, runBench } from "../args.js";
import { median } from "../median.js";

const records = Number(arg("records", "20000"));
const rounds = Number(arg("rounds", "5"));
const dir = mkdtempSync(join(tmpdir(), "diachiso-bench-notify-"));
const settings: MessageSettings = { registry: loadRegistry(), linkKey: ownerLinkKey(randomBytes(32)), publicUrl: "https://diachiso.example.vn" };

async function makeTemplate(): Promise<string> {
  const path = join(dir, "template.db");
  const store = openSqliteStore(path);
  for (let from = 0; from < records; from += 10_000) {
    await store.importBatch("bench", rows(Math.min(10_000, records - from), from), { actor: "bench", promoteComplete: true });
  }
  store.checkpointWal();
  await store.close();
  return path;
}

let copies = 0;
function freshCopy(template: string): string {
  const path = join(dir, `round-${++copies}.db`);
  copyFileSync(template, path);
  return path;
}

/** The records and their notifications as a bare loop would have them: read once, before the clock. */
async function inMemory(template: string) {
  const store = openSqliteStore(freshCopy(template));
  const claimed = await store.claimNotifications({ channel: "peer", claimant: "peer", limit: 10_000, leaseMs: 60_000 });
  const all: ClaimedNotification[] = [...claimed];
  for (;;) {
    const more = await store.claimNotifications({ channel: "peer", claimant: "peer", limit: 10_000, leaseMs: 60_000 });
    if (more.length === 0) break;
    all.push(...more);
  }
  const recordsRead = await store.getMany(
    all.map((n) => n.code),
    { withPersonalData: true },
  );
  await store.close();
  return all.map((n, i) => ({ notification: n, record: recordsRead[i]! }));
}

async function timeDeliver(template: string, channel: () => FileChannel | HttpChannel): Promise<number> {
  const store = openSqliteStore(freshCopy(template));
  const ch = channel();
  const started = performance.now();
  const summary = await deliver({ store, channel: ch, ...settings, batchSize: 500, concurrency: 16 });
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  if (summary.sent !== records) throw new Error(`deliver sent ${summary.sent} of ${records}`);
  if (ch instanceof HttpChannel) await ch.close();
  return records / seconds;
}

async function startGateway(): Promise<{ url: string; child: ChildProcess; stop: () => Promise<string> }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./gateway-child.js", import.meta.url))], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const url = (await lines.next()).value as string;
  return {
    url,
    child,
    async stop() {
      child.stdin!.end();
      return (await lines.next()).value as string;
    },
  };
}

await runBench("notify.bench", async () => {
  process.stdout.write(`notify bench: ${records} records, ${rounds} rounds, ${cpus().length} cores, Node ${process.version}\n`);
  const template = await makeTemplate();
  const prepared = await inMemory(template);

  // ── file channel ──
  const fileRates: number[] = [];
  const bareFileRates: number[] = [];
  let outs = 0;
  for (let round = 0; round < rounds; round++) {
    const out = join(dir, `out-${++outs}`);
    fileRates.push(await timeDeliver(template, () => new FileChannel(out)));
    const bare = join(dir, `bare-${outs}.csv`);
    const started = performance.now();
    const fd = openSync(bare, "a");
    writeSync(fd, csvLine(LETTER_COLUMNS));
    for (const { notification, record } of prepared) {
      const m = buildMessage(notification, record, settings);
      writeSync(fd, csvLine([m.idempotencyKey, m.displayCode, m.recipient.name ?? "", m.addressNew, m.addressOld ?? "", m.link, m.phoneCode, m.expiresAt.toISOString()]));
    }
    closeSync(fd);
    bareFileRates.push(records / ((performance.now() - started) / 1000));
  }
  const letters = readLetters(join(dir, "out-1", "01", "00004.csv"));
  const pdfStarted = performance.now();
  await writeLettersPdf(join(dir, "letters.pdf"), "bench", letters);
  const pdfRate = letters.length / ((performance.now() - pdfStarted) / 1000);

  // ── HTTP gateway ──
  const gateway = await startGateway();
  const httpRates: number[] = [];
  const bareHttpRates: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      httpRates.push(await timeDeliver(template, () => new HttpChannel({ kind: "sms", url: gateway.url })));
      const started = performance.now();
      let next = 0;
      const worker = async () => {
        while (next < prepared.length) {
          const { notification, record } = prepared[next++];
          const m = buildMessage(notification, record, settings);
          const response = await fetch(gateway.url, {
            method: "POST",
            headers: { "content-type": "application/json", "idempotency-key": `bare-${round}-${m.idempotencyKey}` },
            body: JSON.stringify({ to: m.recipient.phone, text: m.text, reference: m.idempotencyKey }),
          });
          await response.text();
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      bareHttpRates.push(records / ((performance.now() - started) / 1000));
    }
  } finally {
    process.stdout.write(`gateway: ${await gateway.stop()}\n`);
  }

  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const line = (name: string, ours: number[], peer: number[]) =>
    `${name.padEnd(6)} deliver ${fmt(median(ours)).padStart(7)}/s   bare ${fmt(median(peer)).padStart(7)}/s   ratio ${(median(ours) / median(peer)).toFixed(2)}   (rounds: ${ours.map(fmt).join(", ")} | ${peer.map(fmt).join(", ")})\n`;
  process.stdout.write(line("file", fileRates, bareFileRates));
  process.stdout.write(line("http", httpRates, bareHttpRates));
  process.stdout.write(`pdf    ${fmt(pdfRate)} letters/s (one commune's ${letters.length} letters, one run)\n`);
  rmSync(dir, { recursive: true, force: true });
});
