import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createParser } from "../../parse/index.js";
import { defaultParseWorkers, SMALL_INPUT_BYTES } from "../parse-pool.js";

const MAIN = fileURLToPath(new URL("../main.js", import.meta.url));

function batch(input: string | Buffer): string[] {
  const r = spawnSync(process.execPath, [MAIN, "parse", "--ndjson"], {
    input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n");
}

test("parse --ndjson prints one JSON line per input line, in order, as JSON.stringify of the parse", () => {
  const lines = [
    "12 Lê Lợi, Q1, TPHCM",
    "Thôn 3, Xã Nghi Phong, Huyện Nghi Lộc, Nghệ An",
    "",
    'ngõ "5" Kim Mã',
  ];
  const parse = createParser().parse;
  const out = batch(`${lines.join("\n")}\n`);
  assert.deepEqual(out, [...lines.map((l) => JSON.stringify(parse(l))), ""]);
});

test("parse --ndjson ends lines at LF, CRLF and a lone CR, and reads a last line without an ending", () => {
  const inputs = (out: string[]) => out.filter((l) => l !== "").map((l) => JSON.parse(l).input);
  assert.deepEqual(inputs(batch("a 1\r\nb 2\rc 3\nd 4")), ["a 1", "b 2", "c 3", "d 4"]);
  assert.deepEqual(inputs(batch("a 1\n\nb 2\r\n")), ["a 1", "", "b 2"]);
  assert.equal(batch("").join(""), "");
});

test("parse --ndjson keeps lines whole across stdin chunks, multi-byte letters and CRLFs included", () => {
  // Long enough for several 64 KiB chunks, so some chunk boundaries fall inside a letter or a CRLF.
  const lines = Array.from(
    { length: 6000 },
    (_, i) => `${i} Đường Nguyễn Thị Minh Khai, Phường Đa Kao, Quận 1`,
  );
  const out = batch(Buffer.from(`${lines.join("\r\n")}\r\n`));
  const got = out.filter((l) => l !== "").map((l) => JSON.parse(l).input);
  assert.deepEqual(got, lines);
});

test("parse --ndjson prints the same bytes on the main thread and with 1 or 3 worker threads", () => {
  const lines = Array.from({ length: 4500 }, (_, i) =>
    i % 3 === 0
      ? `${i} Trần Phú, Phường ${1 + (i % 14)}, Quận 5, TP.HCM`
      : `Thôn ${i % 9}, Xã Nghi Phong, Huyện Nghi Lộc, Nghệ An`,
  );
  const input = `${lines.join("\n")}\n`;
  const run = (workers: string) => {
    const r = spawnSync(process.execPath, [MAIN, "parse", "--ndjson", "--workers", workers], {
      input,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const onMain = run("0");
  assert.equal(onMain.split("\n").length, lines.length + 1);
  assert.equal(run("1"), onMain);
  assert.equal(run("3"), onMain);
});

test("parse --workers is refused without --ndjson and outside 0–64", () => {
  const r = spawnSync(process.execPath, [MAIN, "parse", "12 Lê Lợi", "--workers", "2"], { encoding: "utf8" });
  assert.equal(r.status, 2);
  const bad = spawnSync(process.execPath, [MAIN, "parse", "--ndjson", "--workers", "-1"], {
    input: "",
    encoding: "utf8",
  });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--workers/);
});

test("parse --ndjson drops a byte order mark, answers lines that are not UTF-8 and says so on stderr in one line", () => {
  const r = spawnSync(process.execPath, [MAIN, "parse", "--ndjson"], {
    input: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("12 Lê Lợi, Q1\n"), Buffer.from([0xff, 0x20, 0x31, 0x0a])]),
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const inputs = r.stdout.trim().split("\n").map((l) => JSON.parse(l).input);
  assert.deepEqual(inputs, ["12 Lê Lợi, Q1", "\uFFFD 1"]);
  assert.match(r.stderr, /^diachiso: note: 1 stdin line\(s\) are not valid UTF-8 \(first: line 2\)[^\n]*\n$/);
});

test("parse --ndjson answers the lines before a line of more than 1 MiB characters, then refuses it in one line, exit 1", () => {
  const r = spawnSync(process.execPath, [MAIN, "parse", "--ndjson"], {
    input: `Q1, TPHCM\n${"x".repeat(1_100_000)}\nQ3, TPHCM\n`,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trim().split("\n").length, 1);
  assert.equal(JSON.parse(r.stdout).input, "Q1, TPHCM");
  assert.equal(r.stderr, "diachiso: stdin line 2 has more than 1,048,576 characters: one item per line expected\n");
});

test("parse --ndjson with workers answers every line read before a line of more than 1 MiB characters", () => {
  for (const workers of ["0", "2"]) {
    const before = Array.from({ length: 4500 }, (_, i) => `${i + 1} Lê Lợi, Q1, TPHCM`);
    const r = spawnSync(process.execPath, [MAIN, "parse", "--ndjson", "--workers", workers], {
      input: `${before.join("\n")}\n${"x".repeat(1_100_000)}\nQ3, TPHCM\n`,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.equal(r.status, 1, `--workers ${workers}`);
    const answered = r.stdout.trim().split("\n").map((line) => JSON.parse(line).input);
    assert.deepEqual(answered, before, `--workers ${workers}`);
    assert.equal(r.stderr, "diachiso: stdin line 4501 has more than 1,048,576 characters: one item per line expected\n");
  }
});

test("parse --ndjson starts no worker for a file known to be small; a pipe or a large file gets them", () => {
  assert.equal(defaultParseWorkers(1_000_000, 2), 0);
  assert.equal(defaultParseWorkers(SMALL_INPUT_BYTES - 1, 8), 0);
  assert.equal(defaultParseWorkers(SMALL_INPUT_BYTES, 2), 2);
  assert.equal(defaultParseWorkers(null, 2), 2);
  assert.equal(defaultParseWorkers(null, 8), 4);
  assert.equal(defaultParseWorkers(null, 1), 0);
});
