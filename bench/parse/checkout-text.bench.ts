/**
 * The parser on addresses as buyers type them at a checkout or in a chat with a shop: the address
 * with what they write around it, a request to deliver ("Giao cho chị Lan, …", "Ship cho em về …"),
 * a recipient's label and name, a phone number, a courtesy at the end ("… nhé shop", "…, cảm ơn"), a
 * note to the courier ("…, nhận hàng sau 5h chiều"), a label ("Đ/c:"). The addresses are survey rows
 * written out as one line (`diachiso generate`'s generator and seed, as survey-text.bench.ts), each
 * wrapped in one habit's words drawn at random; none of those words is part of the address.
 *
 * A case is right when the parse of the wrapped line gives the same units and the same parts
 * (house number, alley, street, hamlet, building, flat, the place's name) as the parse of the line
 * alone: the words around it change nothing and become no part. A recipient named with a title ("chị
 * Lan") may stand in the place's name, as the parser keeps them there. Each habit lists phrasings the parser was written for and,
 * marked `unseen`, others written apart from that work, reported on their own.
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/parse/checkout-text.bench.js [--rows N] [--seed N] [--failures HABIT] [--dist DIR]
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Random } from "../../src/common/random.js";
import { SurveyGenerator } from "../../src/generate/generator.js";
import type { ParsedAddress } from "../../src/parse/types.js";
import { surveyRowAsLine, writesNoUnit } from "../../src/testing/survey-lines.js";
import { loadBoundaries } from "../../src/units/boundaries.js";
import { loadRegistry } from "../../src/units/registry.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const count = Number(arg("--rows") ?? 10_000);
const seed = Number(arg("--seed") ?? 44);
const showFailures = arg("--failures");
const dist = resolve(arg("--dist") ?? "dist");

const { createParser } = await import(pathToFileURL(`${dist}/src/parse/index.js`).href);
const { loadRegistry: loadOwnRegistry } = await import(pathToFileURL(`${dist}/src/units/registry.js`).href);
const parse: (text: string) => ParsedAddress = createParser(loadOwnRegistry()).parse;

const TITLES = ["chị", "anh", "em", "cô", "chú", "Chị", "Anh"];
const GIVEN = ["Lan", "Hoa", "Minh", "Tuấn", "Hương", "Nam", "Thảo", "Dũng", "Linh", "Hùng"];
const FULL_NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Minh Tuấn", "Phạm Thị Hương", "Hoàng Văn Nam", "Vũ Thị Lan"];
const PHONES = ["0912345678", "0987 654 321", "0909.123.456", "(+84) 912 345 678"];

interface Habit {
  name: string;
  /** Phrasings drawn for each case: the wrapped line from the address line and a random source. */
  wraps: readonly ((line: string, r: Random) => string)[];
  /** Phrasings written apart from the parser's work on this habit. */
  unseen: readonly ((line: string, r: Random) => string)[];
}

/** The person the last wrap named with a title, which the place's name may hold. */
let named = "";
const person = (r: Random) => {
  named = `${r.pick(TITLES)} ${r.pick(GIVEN)}`;
  return named;
};
const fullName = (r: Random) => {
  named = r.pick(FULL_NAMES);
  return named;
};
const HABITS: Habit[] = [
  {
    name: "a request to deliver before it",
    wraps: [
      (l, r) => `Giao cho ${person(r)}, ${l}`,
      (l, r) => `Gửi ${person(r)} ${l}`,
      (l) => `Ship cho em về ${l}`,
      (l) => `Gửi giúp em tới ${l}`,
      (l) => `ship về ${l}`,
      (l) => `Nhận tại ${l}`,
      (l) => `Nhà em ở ${l}`,
      (l) => `Cho mình ship đến ${l}`,
      (l) => `Giao hàng tới ${l}`,
    ],
    unseen: [
      (l) => `giao hàng giúp mình đến ${l}`,
      (l) => `Em ở tại ${l}`,
      (l) => `chuyển phát tới ${l}`,
      (l) => `ship hộ e tới ${l}`,
      (l) => `Gởi về ${l}`,
      (l) => `nhận hàng ở ${l}`,
    ],
  },
  {
    name: "a recipient's label and name before it",
    wraps: [
      (l, r) => `Người nhận: ${fullName(r)}, ${l}`,
      (l, r) => `Họ tên: ${fullName(r)}, ${l}`,
      (l, r) => `Người nhận: ${fullName(r)}. Địa chỉ: ${l}`,
    ],
    unseen: [(l, r) => `Tên người nhận: ${fullName(r)}, ${l}`, (l, r) => `Khách hàng: ${fullName(r)}; ${l}`],
  },
  {
    name: "a person and a phone number before it",
    wraps: [(l, r) => `${person(r)} ${r.pick(PHONES)} ${l}`, (l, r) => `${person(r)} - ${r.pick(PHONES)} - ${l}`],
    unseen: [(l, r) => `${fullName(r)} ${r.pick(PHONES)}, ${l}`],
  },
  {
    name: "a courtesy after it",
    wraps: [
      (l) => `${l} nhé shop`,
      (l) => `${l} nha shop`,
      (l) => `${l} ạ`,
      (l) => `${l}, cảm ơn shop`,
      (l) => `${l}. Thanks`,
      (l) => `${l} nhé`,
      (l) => `${l}, giúp em với`,
    ],
    unseen: [(l) => `${l} cám ơn ạ`, (l) => `${l}, thank you shop`, (l) => `${l} nhé ad`, (l) => `${l} nha`],
  },
  {
    name: "a note to the courier after it",
    wraps: [
      (l) => `${l}, nhận hàng sau 5h chiều`,
      (l) => `${l} - giao giờ hành chính`,
      (l) => `${l}, gọi trước khi giao`,
      (l) => `${l} (giao trong giờ hành chính)`,
    ],
    unseen: [(l) => `${l}, giao sau 17h`, (l) => `${l}, không giao thứ 7`, (l) => `${l}, nhận hàng trước 10h sáng`],
  },
  {
    name: "a label before it",
    wraps: [(l) => `Đ/c: ${l}`, (l) => `ĐC: ${l}`, (l) => `Địa chỉ: ${l}`, (l) => `đ/c ${l}`],
    unseen: [(l) => `Dc: ${l}`, (l) => `Địa chỉ giao hàng: ${l}`],
  },
];

/** Units and parts the wrapped line must give back as the line alone does; `person` aside from the name. */
function reading(r: ParsedAddress, person = ""): string {
  const { house_number, alley, street, hamlet, building, unit, name } = r.parts;
  const code = (u: { code: string } | null | undefined) => u?.code ?? "-";
  const others =
    name === null
      ? null
      : name
          .split(", ")
          .filter((part) => part.toLowerCase() !== person.toLowerCase())
          .join(", ") || null;
  return JSON.stringify([
    code(r.old?.province),
    code(r.old?.district),
    code(r.old?.ward),
    code(r.new?.province),
    code(r.new?.ward),
    house_number,
    alley,
    street,
    hamlet,
    building,
    unit,
    others,
  ]);
}

const generator = new SurveyGenerator(loadRegistry(), loadBoundaries(), { count, seed });
const lines: string[] = [];
for (const row of generator.rows()) if (!writesNoUnit(row)) lines.push(surveyRowAsLine(row));

console.log(`\nAddresses at a checkout, ${lines.length.toLocaleString("en")} survey lines of seed ${seed}, parser ${dist}\n`);
console.log("| habit | written for: same units and parts | unseen phrasings |");
console.log("|---|---:|---:|");
const random = new Random(seed);
const failures: string[] = [];
const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(2)} %`;
for (const habit of HABITS) {
  const tally = { seen: 0, seenRight: 0, unseen: 0, unseenRight: 0 };
  for (const line of lines) {
    const alone = reading(parse(line));
    const unseen = random.chance(0.3);
    const wrap = random.pick(unseen ? habit.unseen : habit.wraps);
    named = "";
    const text = wrap(line, random);
    const got = parse(text);
    const right = reading(got, named) === alone;
    if (unseen) {
      tally.unseen++;
      if (right) tally.unseenRight++;
    } else {
      tally.seen++;
      if (right) tally.seenRight++;
    }
    if (!right && showFailures !== undefined && habit.name.includes(showFailures) && failures.length < 20)
      failures.push(`${text}\n    got  ${reading(got, named)}\n    want ${alone}`);
  }
  console.log(`| ${habit.name} | ${pct(tally.seenRight, tally.seen)} | ${pct(tally.unseenRight, tally.unseen)} |`);
}
for (const f of failures) console.log(f);
