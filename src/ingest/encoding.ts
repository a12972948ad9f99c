/**
 * The text encodings a survey file may come in, how to tell them from the bytes, and how to decode
 * them as a stream. Vietnamese offices export from tools of every age: UTF-8 (with or without a
 * byte order mark), UTF-16 ("Unicode text" from Excel), Windows-1258 (older Excel and accounting
 * software; tones as combining marks), and the font encodings TCVN3 (ABC) and VNI of older
 * provincial files. Windows-1252 ("Latin-1") cannot hold most Vietnamese letters and is never
 * chosen: it is only weighed, so that a Latin-1 file is recognised and refused rather than misread.
 *
 * A spreadsheet typed in a TCVN3 or VNI font and saved as "CSV UTF-8" is valid UTF-8 whose text is
 * the font's bytes as Latin-1 characters ("Hµ Néi", "Haø Noäi"): `tcvn3-in-utf-8` and `vni-in-utf-8`
 * (and `…-in-utf-16le`, Excel's "Unicode text"), told from the text (it reads as Vietnamese once
 * decoded), decode each line that does not read worse so.
 *
 * Decoding uses iconv-lite for Windows-1258, TCVN3 (its "tcvn" table is TCVN 5712 VN1, whose
 * lower-case letters and ă â ê ô ơ ư đ sit where TCVN3 puts them) and UTF-16BE, Node's own
 * decoders for UTF-8 and UTF-16LE, and src/text/vni.ts for VNI.
 */
import { isUtf8 } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import iconv from "iconv-lite";
import { type VietnameseEvidence, vietnameseEvidence } from "../text/syllable.js";
import { type FontEncoding, fromFontText } from "../text/mojibake.js";
import { capsFontWords } from "../text/tcvn3.js";
import { decodeVni } from "../text/vni.js";

export const ENCODINGS = [
  "utf-8",
  "utf-16le",
  "utf-16be",
  "windows-1258",
  "tcvn3",
  "vni",
  "tcvn3-in-utf-8",
  "vni-in-utf-8",
  "tcvn3-in-utf-16le",
  "vni-in-utf-16le",
] as const;
export type Encoding = (typeof ENCODINGS)[number];

const ALIASES: Record<string, Encoding> = {
  utf8: "utf-8",
  "utf-16": "utf-16le",
  utf16le: "utf-16le",
  utf16be: "utf-16be",
  cp1258: "windows-1258",
  windows1258: "windows-1258",
  tcvn: "tcvn3",
  abc: "tcvn3",
};

/** The encoding a name (as given to --encoding, any case, a few usual aliases) stands for; null if none. */
export function encodingNamed(name: string): Encoding | null {
  const lower = name.trim().toLowerCase();
  return (ENCODINGS as readonly string[]).includes(lower) ? (lower as Encoding) : (ALIASES[lower] ?? null);
}

/** A streaming decoder: bytes in, text out (NFC for Windows-1258, no byte order mark). */
export interface TextDecoding {
  write(bytes: Buffer): string;
  end(): string;
}

/** A decoder for `encoding`. */
export function createDecoder(encoding: Encoding): TextDecoding {
  switch (encoding) {
    case "utf-8":
      return withoutBom(new StringDecoder("utf8"));
    case "utf-16le":
      return withoutBom(wellFormed(new StringDecoder("utf16le")));
    case "utf-16be":
      return withoutBom(wellFormed(iconvDecoder("utf16be")));
    case "windows-1258":
      // Tones come as combining marks after the letter: compose them (NFC), a whole line at a time
      // so that a letter and its mark are never split between two pieces.
      return withoutBom(byLines(iconvDecoder("windows1258"), (text) => text.normalize("NFC")));
    case "tcvn3":
      return withoutBom(byLines(iconvDecoder("tcvn"), capsFontWords));
    case "vni":
      return withoutBom(byLines({ write: (bytes) => bytes.toString("latin1"), end: () => "" }, decodeVni));
    case "tcvn3-in-utf-8":
    case "vni-in-utf-8":
    case "tcvn3-in-utf-16le":
    case "vni-in-utf-16le": {
      const { unicode, font } = FONT_TEXT[encoding];
      return byLines(createDecoder(unicode), (text) => linesFromFont(text, font));
    }
  }
}

type FontTextEncoding = "tcvn3-in-utf-8" | "vni-in-utf-8" | "tcvn3-in-utf-16le" | "vni-in-utf-16le";
type FontTextUnicode = "utf-8" | "utf-16le";

/** Each encoding of a font's text saved as Unicode: the Unicode of its bytes and the font of its text. */
const FONT_TEXT: Record<FontTextEncoding, { unicode: FontTextUnicode; font: FontEncoding }> = {
  "tcvn3-in-utf-8": { unicode: "utf-8", font: "tcvn3" },
  "vni-in-utf-8": { unicode: "utf-8", font: "vni" },
  "tcvn3-in-utf-16le": { unicode: "utf-16le", font: "tcvn3" },
  "vni-in-utf-16le": { unicode: "utf-16le", font: "vni" },
};

/** Each line of `text` decoded from `font` unless it reads worse so (a line typed in Unicode stays: fromFontText). */
function linesFromFont(text: string, font: FontEncoding): string {
  return text
    .split("\n")
    .map((line) => fromFontText(line, font))
    .join("\n");
}

/** Decodes a whole buffer. */
export function decodeAll(bytes: Buffer, encoding: Encoding): string {
  const decoder = createDecoder(encoding);
  return decoder.write(bytes) + decoder.end();
}

function iconvDecoder(name: Parameters<typeof iconv.getDecoder>[0]): TextDecoding {
  const decoder = iconv.getDecoder(name);
  return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? "" };
}

function withoutBom(decoder: TextDecoding | StringDecoder): TextDecoding {
  let first = true;
  const strip = (text: string) => {
    if (!first || text === "") return text;
    first = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  return { write: (bytes) => strip(decoder.write(bytes)), end: () => strip(decoder.end() ?? "") };
}

/**
 * UTF-16 text with every unpaired surrogate replaced by U+FFFD (which the readers then reject), so
 * that no broken pair reaches the store. A high surrogate at the end of a piece waits for the next.
 */
function wellFormed(decoder: TextDecoding | StringDecoder): TextDecoding {
  let held = "";
  return {
    write(bytes) {
      let text = held + decoder.write(bytes);
      held = "";
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        held = text.slice(-1);
        text = text.slice(0, -1);
      }
      return text.replace(UNPAIRED_SURROGATE, "\uFFFD");
    },
    end() {
      const text = held + (decoder.end() ?? "");
      held = "";
      return text.replace(UNPAIRED_SURROGATE, "\uFFFD");
    },
  };
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Applies `transform` to whole lines only: the text after the last line break waits for the next piece. */
function byLines(decoder: TextDecoding, transform: (text: string) => string): TextDecoding {
  let held = "";
  return {
    write(bytes) {
      const text = held + decoder.write(bytes);
      const cut = text.lastIndexOf("\n") + 1;
      if (cut === 0 && text.length < 1 << 20) {
        held = text;
        return "";
      }
      const ready = cut === 0 ? text : text.slice(0, cut);
      held = cut === 0 ? "" : text.slice(cut);
      return transform(ready);
    },
    end() {
      const text = held + decoder.end();
      held = "";
      return transform(text);
    },
  };
}

/** How the encoding of a file was settled, for the import summary. */
export interface EncodingChoice {
  encoding: Encoding;
  /** "byte order mark", "valid UTF-8", "--encoding", or the evidence that decided it. */
  evidence: string;
}

/** A file whose encoding could not be settled: where, and why (without the file's name). */
export interface EncodingRefusal {
  line: number;
  message: string;
}

const HINT = `name it with --encoding (${ENCODINGS.join(", ")})`;
/** Legacy encodings, weighed (with Latin-1) where the bytes are not UTF-8. */
const LEGACY: readonly Encoding[] = ["windows-1258", "tcvn3", "vni"];
const LATIN1 = "latin-1 (windows-1252)";
/** Fewest words read as Vietnamese syllables for an encoding to be chosen from the evidence. */
const MIN_SYLLABLES = 3;

const BOMS: readonly [Encoding, readonly number[]][] = [
  ["utf-8", [0xef, 0xbb, 0xbf]],
  ["utf-16le", [0xff, 0xfe]],
  ["utf-16be", [0xfe, 0xff]],
];

/** The Unicode encoding of the bytes of `encoding`: itself, or the one a font's text was saved in. */
export function bytesEncodingOf(encoding: Encoding): Encoding {
  return encoding in FONT_TEXT ? FONT_TEXT[encoding as FontTextEncoding].unicode : encoding;
}

/** The encoding a byte order mark at the start of `bytes` names, or null when there is none. */
export function bomEncoding(bytes: Buffer): Encoding | null {
  return BOMS.find(([, mark]) => mark.every((b, i) => bytes[i] === b))?.[0] ?? null;
}

/**
 * The encoding of a file from its first bytes (`complete`: the sample is the whole file). A byte
 * order mark decides; then UTF-16 without one (zero bytes in every other place); then valid UTF-8
 * (ASCII included), or UTF-8 but for a few lines (whose rows are rejected as read); else the legacy
 * encoding whose decoding reads as Vietnamese syllables clearly better than every other
 * candidate's, Latin-1 among them (weighed only to be recognised and refused). Anything else is refused.
 */
export function detectEncoding(sample: Buffer, complete: boolean): EncodingChoice | EncodingRefusal {
  const bom = bomEncoding(sample);
  if (bom === "utf-8" || bom === "utf-16le")
    return fontTextIn(sample, bom, complete) ?? { encoding: bom, evidence: "byte order mark" };
  if (bom) return { encoding: bom, evidence: "byte order mark" };
  const utf16 = utf16WithoutBom(sample);
  if (utf16 === "utf-16le")
    return fontTextIn(sample, utf16, complete) ?? { encoding: utf16, evidence: "zero bytes in every other place" };
  if (utf16) return { encoding: utf16, evidence: "zero bytes in every other place" };
  if (isUtf8(complete ? sample : sample.subarray(0, completeUtf8Length(sample)))) {
    return fontTextIn(sample, "utf-8", complete) ?? { encoding: "utf-8", evidence: "valid UTF-8" };
  }
  const line = firstInvalidUtf8Line(sample);
  const mostlyUtf8 = utf8ButForFewLines(sample, complete);
  if (mostlyUtf8 !== null) return mostlyUtf8;
  const candidates = [
    ...LEGACY.map((encoding) => ({ name: encoding as string, text: decodeAll(sample, encoding) })),
    { name: LATIN1, text: iconv.decode(sample, "windows1252") },
  ].map((c) => {
    const evidence = vietnameseEvidence(c.text);
    return { ...c, ...evidence, score: evidenceScore(evidence) };
  });
  candidates.sort((a, b) => b.score - a.score);
  const [best, second] = candidates;
  const tally = candidates.map((c) => `${c.name} ${c.syllables}/${c.syllables + c.others}`).join(", ");
  if (readsClearlyAhead(best, second.score) && best.name !== LATIN1) {
    return {
      encoding: best.name as Encoding,
      evidence: `${best.syllables} of ${best.syllables + best.others} words read as Vietnamese; next best ${second.name} ${second.syllables}`,
    };
  }
  const latin1 = candidates.find((c) => c.name === LATIN1)!;
  if (latin1.score > 0 && latin1.score >= best.score) {
    // Latin-1 reads as well as anything: most likely an export that could not write the letters.
    const lost = latin1.text.search(/\p{L}\?|\?\p{L}/u);
    return {
      line: lineAt(latin1.text, lost, line),
      message:
        `the file is not UTF-8 and reads best as ${LATIN1}, which cannot hold most Vietnamese letters` +
        `${lost >= 0 ? ' ("?" in place of letters)' : ""} (words read as Vietnamese: ${tally}); ` +
        `save it again as UTF-8 (Excel: "CSV UTF-8"), or ${HINT}`,
    };
  }
  return {
    line,
    message: `the file is not UTF-8, and no Vietnamese encoding reads clearly better than the others (words read as Vietnamese: ${tally}); ${HINT}`,
  };
}

/** How well a reading reads as Vietnamese: its syllables, less twice its other words. */
function evidenceScore(e: VietnameseEvidence): number {
  return e.syllables - 2 * e.others;
}

/**
 * A reading that is clearly Vietnamese and clearly ahead of the next one (scored `nextScore`): at
 * least MIN_SYLLABLES syllables, at most one word in twenty that is not one, and a margin of a
 * quarter of its syllables (at least 2). Decides a legacy encoding and a font's text alike.
 */
function readsClearlyAhead(read: VietnameseEvidence, nextScore: number): boolean {
  return (
    read.syllables >= MIN_SYLLABLES &&
    read.others <= Math.max(1, read.syllables / 20) &&
    evidenceScore(read) - nextScore >= Math.max(2, read.syllables / 4)
  );
}

const FONT_NAMES: Record<FontEncoding, string> = { tcvn3: "TCVN3 (.VnTime)", vni: "VNI" };

/**
 * Unicode text (`unicode`, settled from the bytes) typed in a font encoding and saved so (encodings
 * `tcvn3-in-…`, `vni-in-…`): the lines decoded from the font read as Vietnamese clearly better than
 * as written, by the margins a legacy encoding is chosen by. Null when no font does (nearly every
 * file: its letters beyond Latin-1 say it is Unicode already, and no line is decoded).
 */
function fontTextIn(sample: Buffer, unicode: FontTextUnicode, complete: boolean): EncodingChoice | null {
  const lines = decodeAll(sample, unicode).split("\n");
  if (!complete) lines.pop(); // possibly cut
  const text = lines.join("\n");
  const written = vietnameseEvidence(text);
  for (const [encoding, { unicode: saved, font }] of Object.entries(FONT_TEXT)) {
    if (saved !== unicode) continue;
    const decoded = linesFromFont(text, font);
    if (decoded === text) continue;
    const read = vietnameseEvidence(decoded);
    if (readsClearlyAhead(read, evidenceScore(written)))
      return {
        encoding: encoding as FontTextEncoding,
        evidence: `${unicode === "utf-8" ? "valid UTF-8" : "UTF-16"} holding text typed in ${FONT_NAMES[font]}: ${read.syllables} of ${read.syllables + read.others} words read as Vietnamese decoded, ${written.syllables} as written`,
      };
  }
  return null;
}

/**
 * UTF-8 with invalid bytes on a few lines only (at most one in twenty) around text that reads as
 * Vietnamese: a UTF-8 file into which a few rows were pasted from elsewhere. It is read as UTF-8
 * and those rows are rejected (readers.ts), instead of refusing the whole file.
 */
function utf8ButForFewLines(sample: Buffer, complete: boolean): EncodingChoice | null {
  const lines = sample.toString("utf8").split("\n");
  if (!complete) lines.pop(); // possibly cut
  const bad = lines.filter((l) => l.includes("\uFFFD")).length;
  if (bad > Math.max(1, lines.length / 20)) return null;
  const { syllables, others } = vietnameseEvidence(lines.filter((l) => !l.includes("\uFFFD")).join("\n"));
  if (syllables < MIN_SYLLABLES || others > Math.max(1, syllables / 20)) return null;
  return {
    encoding: "utf-8",
    evidence: `valid UTF-8 but for ${bad} line${bad === 1 ? "" : "s"} (rejected as read)`,
  };
}

/** True for a refusal. */
export function isRefusal(result: EncodingChoice | EncodingRefusal): result is EncodingRefusal {
  return "message" in result;
}

/** UTF-16 without a byte order mark: text with an ASCII majority has a zero in every other byte. */
function utf16WithoutBom(sample: Buffer): Encoding | null {
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs < 2) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) zeroEven++;
    if (sample[2 * i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd > pairs * 0.3 && zeroEven < pairs * 0.02) return "utf-16le";
  if (zeroEven > pairs * 0.3 && zeroOdd < pairs * 0.02) return "utf-16be";
  return null;
}

/** The sample's length without a UTF-8 sequence cut off at its end. */
function completeUtf8Length(sample: Buffer): number {
  let i = sample.length;
  // Up to three continuation bytes back to a lead byte.
  for (let k = 0; k < 4 && i > 0; k++) {
    const byte = sample[i - 1];
    if (byte < 0x80) return sample.length;
    i--;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return sample.length - i >= needed ? sample.length : i;
    }
  }
  return sample.length;
}

/** The line (1-based) of the first byte that is not valid UTF-8. */
function firstInvalidUtf8Line(sample: Buffer): number {
  const text = sample.toString("utf8");
  return lineAt(text, text.indexOf("\uFFFD"), 1);
}

function lineAt(text: string, index: number, fallback: number): number {
  if (index < 0) return fallback;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * Letters lost before the file reached us: U+FFFD (bytes invalid in the file's encoding, or a
 * replacement an earlier tool wrote) or a "?" standing for a letter its encoder could not write
 * ("Nguy?n"). In `strict` mode (the canonical fields: names, streets, units, contacts) a "?" next
 * to any letter counts, since none of them has a reason to hold one ("Th?" for Thị); elsewhere
 * (extra columns, free text) only a "?" between two letters does.
 */
export function lostLetters(value: string, strict: boolean): "replacement" | "question" | null {
  if (value.includes("\uFFFD")) return "replacement";
  if (!value.includes("?")) return null;
  return (strict ? QUESTION_BY_LETTER : QUESTION_IN_WORD).test(value) ? "question" : null;
}
const QUESTION_BY_LETTER = /\p{L}\?|\?\p{L}/u;
const QUESTION_IN_WORD = /\p{L}\?+\p{L}/u;
