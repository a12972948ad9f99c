/**
 * Notifications prepared and handed to a channel per second, beside a peer doing the same hand-over
 * without the outbox, on the same records:
 *
 *   npx tsc -p . && node dist/bench/notify/notify.bench.js [--records 20000] [--rounds 5] [--only file|http] [--deliverers 2] [--baseline DIST]
 *
 * - file: `deliver` (claim under a lease, read the records, sign the link, CSV line, settle: each
 *   record moved to notified with its history entry) against a bare loop that signs the same
 *   links and writes the same CSV lines from records already in memory; and `deliver` with the
 *   store's side in a thread of its own (`notify`'s default on SQLite). The PDF is timed apart
 *   (it is written once per commune at the end of a run).
 * - http: `deliver` through the SMS channel to a local gateway (its own process) against the same
 *   client (an undici Pool, 16 connections) sending the same bodies and headers with 16 in flight
 *   from messages built from records in memory; and bare `fetch` the same way, for scale. Beside
 *   them, `deliver` with the store's side in a thread of its own (`notify --store-thread`) and
 *   `notify --deliverers N` as the service runs it (N threads, 16 in flight in all). With
 *   `--baseline DIST` (another build's output folder, e.g. main's `dist` copied aside), that build's
 *   `deliver` with its store thread runs too, alternated with ours against the same gateway: an A/B
 *   of two builds in one run, on one machine's load.
 *   Each contender is charged the gateway's CPU while it ran: on one machine, ours and the
 *   gateway share the two cores, so their sum bounds the rate.
 * Each round starts from a fresh copy of the same store; contenders alternate (A/B) and the medians
 * are printed with their ratio.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Pool } from "undici";
import { csvLine } from "../../src/common/csv.js";
import { ownerLinkKey } from "../../src/domain/owner-link.js";
import { FileChannel, LETTER_COLUMNS, readLetters } from "../../src/notify/channels/file.js";
import { HttpChannel } from "../../src/notify/channels/http.js";
import { deliver } from "../../src/notify/deliverer.js";
import { OutboxThread } from "../../src/notify/outbox-thread.js";
import { buildMessage, type MessageSettings, type OwnerMessage } from "../../src/notify/message.js";
import { writeLettersPdf } from "../../src/notify/pdf.js";
import { rows } from "../../src/store/contract/samples.js";
import { NotificationService } from "../../src/services/notifications.js";
import { storeAt } from "../../src/services/stores.js";
import { PII_KEY_ENV } from "../../src/domain/personal-data.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { ClaimedNotification } from "../../src/store/store.js";
import { loadRegistry } from "../../src/units/registry.js";
import { arg, runBench } from "../args.js";
import { median } from "../median.js";

const records = Number(arg("records", "20000"));
const rounds = Number(arg("rounds", "5"));
const only = arg("only", "file,http").split(",");
/** `notify --deliverers N` beside the single deliverer (HTTP only; 1 leaves it out). */
const deliverers = Number(arg("deliverers", "2"));
/** Another build's `dist` folder whose store-thread deliverer runs beside ours ("" leaves it out). */
const baselineDist = arg("baseline", "");
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

/**
 * CPU time of this process (user + system, every thread) per notification, µs, by contender: on a
 * machine shared with other work the wall-clock rate says how busy the machine was, this what the
 * work costs. Beside it, the main thread's alone (Linux: /proc/self/task/<pid>/stat, in clock ticks
 * of 10 ms): the rate one deliverer thread can carry is bounded by it, whatever the others do.
 */
const cpuPerNotification = new Map<string, number[]>();
const mainThreadCpuPerNotification = new Map<string, number[]>();
/** This build's store thread's CPU per notification, µs, by contender. */
const storeThreadCpuPerNotification = new Map<string, number[]>();
interface CpuStart {
  process: NodeJS.CpuUsage;
  mainThread: number | null;
}
/** The main thread's CPU time so far, µs, or null where /proc does not tell it. */
function mainThreadCpuMicros(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}
function cpuStart(): CpuStart {
  return { process: process.cpuUsage(), mainThread: mainThreadCpuMicros() };
}
function cpuSince(contender: string, start: CpuStart): void {
  const used = process.cpuUsage(start.process);
  const list = cpuPerNotification.get(contender) ?? [];
  list.push((used.user + used.system) / records);
  cpuPerNotification.set(contender, list);
  const mainThread = mainThreadCpuMicros();
  if (mainThread !== null && start.mainThread !== null) {
    const mainList = mainThreadCpuPerNotification.get(contender) ?? [];
    mainList.push((mainThread - start.mainThread) / records);
    mainThreadCpuPerNotification.set(contender, mainList);
  }
}

/** The deliverer's modules of a build: this one's, or `--baseline`'s (whose OutboxThread may take fewer arguments). */
interface DelivererBuild {
  deliver: typeof deliver;
  OutboxThread: typeof OutboxThread;
  HttpChannel: typeof HttpChannel;
}
const ours: DelivererBuild = { deliver, OutboxThread, HttpChannel };
async function buildAt(dist: string): Promise<DelivererBuild> {
  const load = (file: string) => import(pathToFileURL(join(resolve(dist), file)).href);
  const [deliverer, outboxThread, http] = await Promise.all([load("src/notify/deliverer.js"), load("src/notify/outbox-thread.js"), load("src/notify/channels/http.js")]);
  return { deliver: deliverer.deliver, OutboxThread: outboxThread.OutboxThread, HttpChannel: http.HttpChannel };
}

/**
 * `deliver` on a fresh copy, charged to `contender`; with `storeThread`, the store's side in a
 * thread of its own (`notify`'s default on SQLite).
 */
async function timeDeliver(
  contender: string,
  template: string,
  channel: () => FileChannel | HttpChannel,
  storeThread = false,
  build: DelivererBuild = ours,
): Promise<number> {
  const path = freshCopy(template);
  const store = storeThread ? await build.OutboxThread.open(path, settings) : openSqliteStore(path);
  const ch = channel();
  const started = performance.now();
  const cpu = cpuStart();
  const storeThreadCpu = store instanceof OutboxThread ? await store.cpuSeconds() : null;
  const summary = await build.deliver({ store, channel: ch, ...settings, batchSize: 500, concurrency: 16 });
  const seconds = (performance.now() - started) / 1000;
  cpuSince(contender, cpu);
  if (storeThreadCpu !== null && store instanceof OutboxThread) {
    const list = storeThreadCpuPerNotification.get(contender) ?? [];
    list.push((((await store.cpuSeconds()) ?? Number.NaN) - storeThreadCpu) * 1e6 / records);
    storeThreadCpuPerNotification.set(contender, list);
  }
  await store.close();
  if (summary.sent !== records) throw new Error(`deliver sent ${summary.sent} of ${records}`);
  if (!(ch instanceof FileChannel)) await ch.close();
  return records / seconds;
}

async function startGateway(): Promise<{ url: string; child: ChildProcess; cpuMicros: () => Promise<number>; stop: () => Promise<string> }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL("./gateway-child.js", import.meta.url))], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const url = (await lines.next()).value as string;
  return {
    url,
    child,
    async cpuMicros() {
      child.stdin!.write("cpu\n");
      return (JSON.parse((await lines.next()).value as string) as { cpuMicros: number }).cpuMicros;
    },
    async stop() {
      child.stdin!.end();
      return (await lines.next()).value as string;
    },
  };
}

await runBench("notify.bench", async () => {
  process.stdout.write(`notify bench: ${records} records, ${rounds} rounds, ${cpus().length} cores, Node ${process.version}\n`);
  const template = await makeTemplate();
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const prepared = await inMemory(template);

  // ── file channel ──
  const fileRates: number[] = [];
  const fileStoreThreadRates: number[] = [];
  const bareFileRates: number[] = [];
  let outs = 0;
  for (let round = 0; round < (only.includes("file") ? rounds : 0); round++) {
    const out = join(dir, `out-${++outs}`);
    fileRates.push(await timeDeliver("deliver file", template, () => new FileChannel(out)));
    fileStoreThreadRates.push(await timeDeliver("file store thr.", template, () => new FileChannel(join(dir, `out-thread-${outs}`)), true));
    const bare = join(dir, `bare-${outs}.csv`);
    const started = performance.now();
    const cpu = cpuStart();
    const fd = openSync(bare, "a");
    writeSync(fd, csvLine(LETTER_COLUMNS));
    for (const { notification, record } of prepared) {
      const m = buildMessage(notification, record, settings);
      writeSync(fd, csvLine([m.idempotencyKey, m.displayCode, m.recipient.name ?? "", m.addressNew, m.addressOld ?? "", m.link, m.phoneCode, m.expiresAt.toISOString()]));
    }
    closeSync(fd);
    cpuSince("bare file", cpu);
    bareFileRates.push(records / ((performance.now() - started) / 1000));
  }
  let pdf = "";
  if (only.includes("file")) {
    const letters = readLetters(join(dir, "out-1", "01", "00004.csv"));
    const pdfStarted = performance.now();
    await writeLettersPdf(join(dir, "letters.pdf"), "bench", letters);
    pdf = `pdf    ${fmt(letters.length / ((performance.now() - pdfStarted) / 1000))} letters/s (one commune's ${letters.length} letters, one run)\n`;
  }

  // ── HTTP gateway ──
  const gateway = await startGateway();
  const httpRates: number[] = [];
  const sideBySideRates: number[] = [];
  const storeThreadRates: number[] = [];
  const baselineRates: number[] = [];
  const baseline = baselineDist === "" ? null : await buildAt(baselineDist);
  const bareHttpRates: number[] = [];
  const fetchRates: number[] = [];
  /** The gateway's CPU per request (µs) while each contender ran, by contender. */
  const gatewayCpu = new Map<string, number[]>();
  const chargeGateway = async (contender: string, run: () => Promise<number>): Promise<number> => {
    const before = await gateway.cpuMicros();
    const rate = await run();
    const list = gatewayCpu.get(contender) ?? [];
    list.push(((await gateway.cpuMicros()) - before) / records);
    gatewayCpu.set(contender, list);
    return rate;
  };
  /** The same hand-overs without the outbox, through `send` (16 in flight), timed. */
  const bareHttp = async (contender: string, send: (m: OwnerMessage) => Promise<void>): Promise<number> => {
    const started = performance.now();
    const cpu = cpuStart();
    let next = 0;
    const worker = async () => {
      while (next < prepared.length) {
        const { notification, record } = prepared[next++];
        await send(buildMessage(notification, record, settings));
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const rate = records / ((performance.now() - started) / 1000);
    cpuSince(contender, cpu);
    return rate;
  };
  /** `notify --deliverers N` as the service runs it: N threads, 16 hand-overs in flight in all. */
  const sideBySide = async (): Promise<number> => {
    const path = freshCopy(template);
    const service = new NotificationService(storeAt(path, { env: { [PII_KEY_ENV]: randomBytes(32).toString("hex") } }));
    const started = performance.now();
    const cpu = cpuStart();
    const summary = await service.deliver({ channel: "sms", gatewayUrl: gateway.url, publicUrl: settings.publicUrl, deliverers, concurrency: 16, batchSize: 500 });
    const rate = records / ((performance.now() - started) / 1000);
    cpuSince(`deliver ×${deliverers}`, cpu);
    if (summary.sent !== records) throw new Error(`${deliverers} deliverers sent ${summary.sent} of ${records}`);
    return rate;
  };
  const body = (m: OwnerMessage) => JSON.stringify({ to: m.recipient.phone, text: m.text, reference: m.idempotencyKey });
  try {
    for (let round = 0; round < (only.includes("http") ? rounds : 0); round++) {
      httpRates.push(await chargeGateway("deliver http", () => timeDeliver("deliver http", template, () => new HttpChannel({ kind: "sms", url: gateway.url }))));
      storeThreadRates.push(
        await chargeGateway("deliver store thr.", () => timeDeliver("deliver store thr.", template, () => new HttpChannel({ kind: "sms", url: gateway.url }), true)),
      );
      if (baseline !== null) {
        baselineRates.push(
          await chargeGateway("baseline store thr.", () =>
            timeDeliver("baseline store thr.", template, () => new baseline.HttpChannel({ kind: "sms", url: gateway.url }), true, baseline),
          ),
        );
      }
      if (deliverers > 1) sideBySideRates.push(await chargeGateway(`deliver ×${deliverers}`, sideBySide));
      const url = new URL(gateway.url);
      const pool = new Pool(url.origin, { connections: 16 });
      bareHttpRates.push(
        await chargeGateway("bare undici", () =>
          bareHttp("bare undici", async (m) => {
            const headers = { "content-type": "application/json", "idempotency-key": `pool-${round}-${m.idempotencyKey}` };
            const response = await pool.request({ path: url.pathname, method: "POST", headers, body: body(m) });
            await response.body.text();
          }),
        ),
      );
      await pool.close();
      fetchRates.push(
        await chargeGateway("bare fetch", () =>
          bareHttp("bare fetch", async (m) => {
            const headers = { "content-type": "application/json", "idempotency-key": `fetch-${round}-${m.idempotencyKey}` };
            await (await fetch(gateway.url, { method: "POST", headers, body: body(m) })).text();
          }),
        ),
      );
    }
  } finally {
    process.stdout.write(`gateway: ${await gateway.stop()}\n`);
  }

  const line = (name: string, ours: number[], peer: number[]) =>
    `${name.padEnd(6)} deliver ${fmt(median(ours)).padStart(7)}/s   bare ${fmt(median(peer)).padStart(7)}/s   ratio ${(median(ours) / median(peer)).toFixed(2)}   (rounds: ${ours.map(fmt).join(", ")} | ${peer.map(fmt).join(", ")})\n`;
  if (only.includes("file")) {
    process.stdout.write(line("file", fileRates, bareFileRates) + pdf);
    process.stdout.write(`       deliver, store thread ${fmt(median(fileStoreThreadRates))}/s (rounds: ${fileStoreThreadRates.map(fmt).join(", ")})\n`);
  }
  if (only.includes("http")) {
    process.stdout.write(line("http", httpRates, bareHttpRates));
    process.stdout.write(`       deliver, store thread ${fmt(median(storeThreadRates))}/s (rounds: ${storeThreadRates.map(fmt).join(", ")})\n`);
    if (baseline !== null) process.stdout.write(`       baseline (${baselineDist}), store thread ${fmt(median(baselineRates))}/s (rounds: ${baselineRates.map(fmt).join(", ")})\n`);
    if (deliverers > 1) process.stdout.write(`       deliver ×${deliverers} (threads) ${fmt(median(sideBySideRates))}/s (rounds: ${sideBySideRates.map(fmt).join(", ")})\n`);
    process.stdout.write(`       bare fetch ${fmt(median(fetchRates))}/s (rounds: ${fetchRates.map(fmt).join(", ")})\n`);
  }
  for (const [contender, list] of cpuPerNotification) {
    const own = median(list);
    const gatewayList = gatewayCpu.get(contender);
    // With the gateway on the same two cores, the rate cannot pass 2 s of CPU a second over both.
    const withGateway = gatewayList
      ? `; + gateway ${median(gatewayList).toFixed(0)} µs/request (rounds: ${gatewayList.map((n) => n.toFixed(0)).join(", ")}) = ${(own + median(gatewayList)).toFixed(0)} µs, so ≤ ${fmt(2e6 / (own + median(gatewayList)))}/s on two free cores`
      : "";
    // Deliverer threads do the work of `deliver ×N`: its main thread only waits.
    const mainList = contender.startsWith("deliver ×") ? undefined : mainThreadCpuPerNotification.get(contender);
    const mainThread = mainList
      ? `; main thread ${median(mainList).toFixed(0)} µs (rounds: ${mainList.map((n) => n.toFixed(0)).join(", ")}), so ≤ ${fmt(1e6 / median(mainList))}/s on its core`
      : "";
    const storeList = storeThreadCpuPerNotification.get(contender);
    const storeThread = storeList ? `; store thread ${median(storeList).toFixed(0)} µs (rounds: ${storeList.map((n) => n.toFixed(0)).join(", ")})` : "";
    process.stdout.write(
      `cpu    ${contender.padEnd(19)} ${own.toFixed(0).padStart(5)} µs/notification in this process (rounds: ${list.map((n) => n.toFixed(0)).join(", ")})${mainThread}${storeThread}${withGateway}\n`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
});
