/**
 * How well the parser keeps its answer when an address is typed with one habit of writing that
 * no template of the evaluation sets applies (issue 13, item 1 and 2): each habit is a transform
 * over any text, run over the clean cases of the held-out set, and a case counts when the bent
 * text gives the same units (both structures) as the clean one.
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/typing-habits.js
 */
import { readEvalSet } from "../../src/parse/evaluate.js";
import { createParser } from "../../src/parse/index.js";
import type { ParsedAddress } from "../../src/parse/types.js";

const HOLDOUT_PATH = "test/fixtures/parse-eval-holdout.jsonl";
const VOWEL = /[aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;
const TYPE_WORD = /(Phường|Quận|Huyện|Xã|Tỉnh|Thị trấn|Thị xã|Thành phố) /g;

/** Each habit as a transform of the whole text. */
const HABITS: Record<string, (text: string) => string> = {
  "no spaces inside a segment, lower case": (t) =>
    t
      .split(",")
      .map((s) => s.replaceAll(" ", "").toLowerCase())
      .join(","),
  "words joined, capitals marking the joins": (t) =>
    t
      .split(",")
      .map((s) => s.replaceAll(" ", ""))
      .join(","),
  "type word glued to the name": (t) => t.replace(TYPE_WORD, "$1"),
  // A copy out of a PDF: every other accented word broken before its first vowel ("Ph ường").
  "syllables split before their vowel": (t) =>
    t
      .split(" ")
      .map((w, i) => {
        const v = w.search(VOWEL);
        return i % 2 === 0 && v > 0 && /[^\x00-\x7f]/.test(w) ? `${w.slice(0, v)} ${w.slice(v)}` : w;
      })
      .join(" "),
  "a letter doubled in the type words": (t) =>
    t
      .replace("Tỉnh", "Tỉnhh")
      .replace("Huyện", "Huyệnn")
      .replace("Phường", "Phườngg")
      .replace("Quận", "Quậnn"),
};

function units(r: ParsedAddress): string {
  return [r.old?.province, r.old?.district, r.old?.ward, r.new?.province, r.new?.ward]
    .map((u) => u?.code)
    .join(" ");
}

const parser = createParser();
const clean = readEvalSet(HOLDOUT_PATH).filter((c) => c.tags.includes("clean"));
console.log(`| habit (over the ${clean.length} clean held-out cases) | bent | same units |`);
console.log("|---|---:|---:|");
for (const [habit, bend] of Object.entries(HABITS)) {
  let bent = 0;
  let same = 0;
  for (const c of clean) {
    const text = bend(c.input);
    if (text === c.input) continue;
    bent++;
    if (units(parser.parse(text)) === units(parser.parse(c.input))) same++;
  }
  console.log(`| ${habit} | ${bent} | ${((100 * same) / bent).toFixed(1)} % |`);
}
