import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Worker } from "node:worker_threads";
import {
  type Answers,
  answersAlone,
  answersInterleaved,
  TEXTS,
  twoParsers,
  writeRenamedRegistry,
} from "../testing/two-registries.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-reentrant-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const renamedUnitsPath = writeRenamedRegistry(dir);

/** Each parser's answers, computed one text at a time by a parser that has done nothing else. */
function reference(): Answers[] {
  return twoParsers(renamedUnitsPath).map(answersAlone);
}

function inWorker(): Promise<Answers[]> {
  const worker = new Worker(new URL("../testing/two-registries-worker.js", import.meta.url), {
    workerData: { renamedUnitsPath },
  });
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

test("the two registries of this test answer differently, so a parse that read the other's index would show", () => {
  const [shipped, renamed] = reference();
  const wardOf = (a: Answers, text: string) => a.parses[TEXTS.indexOf(text)].old?.ward?.name ?? null;
  assert.equal(wardOf(shipped, "Phường Bến Nghé, Quận 1, TP Hồ Chí Minh"), "Bến Nghé");
  assert.equal(wardOf(renamed, "Phường Bến Nghé, Quận 1, TP Hồ Chí Minh"), null);
  assert.equal(wardOf(shipped, "5 Le Loi, P. Nha Rong, Q1, HCM"), null);
  assert.equal(wardOf(renamed, "5 Le Loi, P. Nha Rong, Q1, HCM"), "Nhà Rồng");
  const provinceOf = (a: Answers, text: string) => a.parses[TEXTS.indexOf(text)].new?.province?.name ?? null;
  assert.equal(provinceOf(shipped, "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội"), "Hà Nội");
  assert.equal(provinceOf(renamed, "Số 1 Tràng Tiền, Hoàn Kiếm, Thăng Long"), "Thăng Long");
  let differ = 0;
  for (let i = 0; i < TEXTS.length; i++)
    if (JSON.stringify(shipped.parses[i]) !== JSON.stringify(renamed.parses[i])) differ++;
  assert.ok(differ >= 6, `only ${differ} of ${TEXTS.length} texts read differently`);
});

test("parses and look-ups interleaved in async tasks and in worker threads, over two registries at once, give the answers of one at a time", async () => {
  const expected = reference();
  // Two workers and three async tasks on this thread, each alternating between its own two
  // parsers text by text; the tasks also interleave with one another at every await.
  const tasks = twoParsers(renamedUnitsPath);
  const results = await Promise.all([
    inWorker(),
    inWorker(),
    answersInterleaved(tasks),
    answersInterleaved(tasks),
    answersInterleaved([...tasks].reverse()).then((answers) => answers.reverse()),
  ]);
  for (const [run, answers] of results.entries()) assert.deepEqual(answers, expected, `run ${run}`);
});
