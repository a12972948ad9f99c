import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { readEvalSet } from "../parse/evaluate.js";
import { createParser } from "../parse/index.js";
import type { ParsedAddress } from "../parse/types.js";
import { ParsedJsonWriter } from "./parsed-json.js";

const SETS = ["parse-eval.jsonl", "parse-eval-holdout.jsonl"].map((name) =>
  fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url)),
);

test("the ndjson writer prints every evaluation address exactly as JSON.stringify does", () => {
  const parse = createParser().parse;
  const writer = new ParsedJsonWriter();
  const toJson = (r: ParsedAddress) => {
    writer.write(r);
    return writer.take().toString("utf8");
  };
  let compared = 0;
  for (const path of SETS)
    for (const c of readEvalSet(path)) {
      const result = parse(c.input);
      // Twice each: the second print comes from the writer's unit cache.
      assert.equal(toJson(result), `${JSON.stringify(result)}\n`, c.id);
      assert.equal(toJson(result), `${JSON.stringify(result)}\n`, c.id);
      compared++;
    }
  assert.ok(compared > 1000, `${compared} addresses compared`);
});

test("the ndjson writer escapes what JSON must escape in inputs, parts and unit names", () => {
  const parse = createParser().parse;
  const writer = new ParsedJsonWriter();
  const toJson = (r: ParsedAddress) => {
    writer.write(r);
    return writer.take().toString("utf8");
  };
  const awkward = [
    '12 "Lê Lợi", Q1, TPHCM',
    "12\tLê Lợi\\3, Phường Bến Nghé",
    "Phường\u0001 Đa Kao \ud800 Quận 1",
    "😀 5 Hàng Bài, Hoàn Kiếm, Hà Nội",
    "",
    "   ",
  ];
  for (const text of awkward) assert.equal(toJson(parse(text)), `${JSON.stringify(parse(text))}\n`, text);
});

test("the ndjson writer tells apart two units that share a code but not a name", () => {
  const writer = new ParsedJsonWriter();
  const toJson = (r: ParsedAddress) => {
    writer.write(r);
    return writer.take().toString("utf8");
  };
  const result = createParser().parse("5 Hàng Bài, Hoàn Kiếm, Hà Nội");
  const renamed: ParsedAddress = structuredClone(result);
  renamed.new!.ward = { ...renamed.new!.ward!, name: "Another", full_name: "Phường Another" };
  assert.equal(toJson(result), `${JSON.stringify(result)}\n`);
  assert.equal(toJson(renamed), `${JSON.stringify(renamed)}\n`);
  assert.equal(toJson(result), `${JSON.stringify(result)}\n`);
});

test("the ndjson writer tells apart units of one code that share their name or their full name, in any order", () => {
  const writer = new ParsedJsonWriter();
  const toJson = (r: ParsedAddress) => {
    writer.write(r);
    return writer.take().toString("utf8");
  };
  const result = createParser().parse("5 Hàng Bài, Hoàn Kiếm, Hà Nội");
  const ward = result.new!.ward!;
  // Units under one code, met in turn and then again (an old ward and the new commune that kept
  // its code), some sharing the name or the full name: each must come back as written, never with
  // another's bytes.
  const named = (name: string, fullName: string): ParsedAddress => {
    const r: ParsedAddress = structuredClone(result);
    r.new!.ward = { ...ward, name, full_name: fullName };
    return r;
  };
  const variants = [
    result,
    named("Another", "Phường Another"),
    named(ward.name, `Xã ${ward.name}`),
    named("Another", ward.full_name),
  ];
  for (const order of [
    [0, 1, 2, 3],
    [3, 2, 1, 0],
    [1, 0, 2, 0, 3, 1],
  ])
    for (const k of order) assert.equal(toJson(variants[k]), `${JSON.stringify(variants[k])}\n`, `variant ${k}`);
});

test("the ndjson writer grows its buffer for a batch larger than it starts with and hands out whole lines", () => {
  const writer = new ParsedJsonWriter();
  const result = createParser().parse("Phường Đa Kao, Quận 1, TPHCM");
  const line = `${JSON.stringify(result)}\n`;
  const count = Math.ceil((2 << 20) / Buffer.byteLength(line));
  for (let i = 0; i < count; i++) writer.write(result);
  assert.equal(writer.pending, count);
  const batch = writer.take();
  assert.equal(batch.toString("utf8"), line.repeat(count));
  assert.equal(writer.pending, 0);
  assert.equal(writer.take().length, 0);
});

test("the ndjson writer encodes every UTF-8 length and falls back cleanly after a partly written string", () => {
  const writer = new ParsedJsonWriter();
  const result = createParser().parse("5 Hàng Bài, Hoàn Kiếm, Hà Nội");
  // One, two and three bytes at their edges; an escape after multi-byte text (the fast pass has
  // already written part of the string when it meets the quote); a pair of surrogates.
  for (const input of ["\u007f\u0080\u07ff\u0800\uffff", "Hoàn Kiếm\u001f", 'Đống Đa "cũ"', "a\ud83d\ude00b"]) {
    const r: ParsedAddress = { ...result, input };
    writer.write(r);
    assert.equal(writer.take().toString("utf8"), `${JSON.stringify(r)}\n`, JSON.stringify(input));
  }
});

test("an address the parser throws on is written as a failure in its place, and the batch goes on", () => {
  const parser = createParser();
  // A parse that fails on one address, as a parser bug would (a slash opening the text once did).
  const parse = (text: string) => {
    if (text.startsWith("/")) throw new TypeError("Cannot read properties of undefined (reading 'length')");
    return parser.parse(text);
  };
  const writer = new ParsedJsonWriter();
  const lines = ["12 Lê Lợi, Quận 1", '/7/15 "Võ Trường Toản"', "5 Trần Phú, Hà Đông"];
  const failures = writer.writeParsed(parse, lines);
  assert.deepEqual(failures, [{ index: 1, message: "Cannot read properties of undefined (reading 'length')" }]);
  const out = writer.take().toString("utf8").split("\n");
  assert.equal(out.length, 4);
  assert.equal(out[3], "");
  assert.deepEqual(JSON.parse(out[1]), {
    input: '/7/15 "Võ Trường Toản"',
    error: "the parser failed: Cannot read properties of undefined (reading 'length')",
  });
  assert.equal(out[0], JSON.stringify(parser.parse(lines[0])));
  assert.equal(out[2], JSON.stringify(parser.parse(lines[2])));
});
