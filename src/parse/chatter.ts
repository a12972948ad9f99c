/**
 * What a buyer writes around the address at a checkout or in a chat with a shop, which is no part
 * of it: the request that opens it ("Giao cho chị Lan, …", "Ship cho em về thôn 2 …", "Nhà em ở
 * …") and the courtesy that closes it ("… nhé shop", "… ạ", "…, cảm ơn"). Each word is listed by
 * its folded form with the spellings it counts in, so names that fold alike stay names ("Nhân Cơ"
 * is a commune, "nhận" a request; "Tòa A" keeps its letter, only "ạ" is a courtesy).
 */
import type { Token } from "./tokenise.js";

/** Folded words and the spellings (lower case) they count in. */
function spelled(words: Record<string, readonly string[]>): ReadonlyMap<string, readonly string[]> {
  return new Map(Object.entries(words));
}

/** Verbs of sending or receiving a parcel. */
const SENDING = spelled({
  giao: ["giao"],
  gui: ["gửi", "gui"],
  goi: ["gởi", "goi"],
  ship: ["ship", "sip"],
  chuyen: ["chuyển", "chuyen"],
  nhan: ["nhận", "nhan"],
});

/** "hàng" after a verb ("giao hàng", "nhận hàng"), "phát" after "chuyển". */
const VERB_OBJECTS = spelled({ hang: ["hàng", "hang"], phat: ["phát", "phat"] });

/** Who the parcel is sent on behalf of, before a pronoun: "cho em", "giúp mình", "hộ tôi". */
const ON_BEHALF = spelled({ cho: ["cho"], giup: ["giúp", "giup"], gium: ["giùm", "gium"], dum: ["dùm", "dum"], ho: ["hộ", "ho"] });

/** How buyers speak of themselves or the shop speaks of them, in a request. */
const PRONOUNS = spelled({
  em: ["em"],
  e: ["e"],
  minh: ["mình", "minh"],
  mk: ["mk"],
  toi: ["tôi", "toi"],
  tui: ["tui"],
  to: ["tớ"],
  t: ["t"],
  con: ["con"],
  chau: ["cháu", "chau"],
});

/** Where to: "đến", "tới", "về", "vào", "qua", "tại", "ở". */
const DIRECTIONS = spelled({
  den: ["đến", "den"],
  toi: ["tới", "toi"],
  ve: ["về", "ve"],
  vao: ["vào", "vao"],
  qua: ["qua"],
  tai: ["tại", "tai"],
  o: ["ở", "o"],
});

/** Titles a request names its recipient by ("Giao cho chị Lan", "Gửi anh Minh"). */
const RECIPIENT_TITLES = spelled({
  chi: ["chị", "chi"],
  anh: ["anh"],
  em: ["em"],
  co: ["cô"],
  chu: ["chú"],
  bac: ["bác"],
  ong: ["ông"],
  ba: ["bà"],
});

/** Token k is one of `words`, as written. */
function isWord(tokens: readonly Token[], k: number, end: number, words: ReadonlyMap<string, readonly string[]>): boolean {
  if (k >= end) return false;
  const t = tokens[k];
  const spellings = words.get(t.f);
  if (spellings === undefined) return false;
  return spellings.includes(t.lower);
}

/**
 * The words of a request opening the segment tokens[start, end) before the address: a verb of
 * sending ("giao", "gửi hàng", "ship") with whom it is for ("cho em", "giúp mình") and where to
 * ("về", "tới", "tại"), or, before a recipient's title, the verb alone ("Giao cho | chị Lan",
 * "Gửi | anh Minh": the person is the parts' to read); "Cho mình ship đến …", "Nhà em ở …",
 * "Em ở …". 0 when the segment opens with none, or the request is all the text holds.
 */
export function checkoutLeadLength(tokens: readonly Token[], start: number, end: number): number {
  if (!LEAD_FIRST_WORDS.has(tokens[start].f)) return 0;
  let k = start;
  // "Cho mình ship đến …", "cho em gửi về …"
  if (tokens[k].f === "cho" && isWord(tokens, k + 1, end, PRONOUNS)) k += 2;
  if (!isWord(tokens, k, end, SENDING)) {
    if (k > start) return 0;
    // "Nhà em ở …", "Mình ở tại …"
    if (tokens[k].f === "nha" && isWord(tokens, k + 1, end, PRONOUNS)) k++;
    if (!isWord(tokens, k, end, PRONOUNS) || tokens[k + 1]?.f !== "o" || !isWord(tokens, k + 1, end, DIRECTIONS)) return 0;
    k += 2;
    // "ở tại" so written: folded, "o tai" may be followed by Tài Văn.
    if (k < end && tokens[k].lower === "tại") k++;
    return k < tokens.length ? k - start : 0;
  }
  k++;
  if (isWord(tokens, k, end, VERB_OBJECTS)) k++;
  // "cho em về": a pronoun before a direction; "cho em Lan" names the recipient.
  if (isWord(tokens, k, end, ON_BEHALF) && isWord(tokens, k + 1, end, PRONOUNS) && isWord(tokens, k + 2, end, DIRECTIONS))
    k += 2;
  if (isWord(tokens, k, end, DIRECTIONS)) {
    k++;
    return k < tokens.length ? k - start : 0;
  }
  // "Giao cho chị Lan", "Gửi anh Minh": the title and name follow.
  if (k < end && tokens[k].f === "cho") k++;
  return isWord(tokens, k, end, RECIPIENT_TITLES) && k + 1 < end && !tokens[k + 1].w.digit ? k - start : 0;
}

/**
 * tokens[from, end) are a recipient named with a title and nothing else, the rest of a request's
 * segment that names whom it is for ("Giao cho | chị Lan,", "giao cho | chi lan,"; not where to:
 * "Em ở tại | Ông Ích Khiêm" is a street): two to four words, no number.
 */
export function titledRecipientAt(tokens: readonly Token[], from: number, end: number): boolean {
  if (from === 0 || isWord(tokens, from - 1, end, DIRECTIONS)) return false;
  if (end - from < 2 || end - from > 4 || !isWord(tokens, from, end, RECIPIENT_TITLES)) return false;
  for (let k = from + 1; k < end; k++) if (tokens[k].w.digit) return false;
  return true;
}

/** Particles and courtesies that close a request ("nhé", "ạ", "cảm ơn", "giúp em với"), folded. */
const CLOSING = spelled({
  nhe: ["nhé", "nhe"],
  nha: ["nha", "nhá"],
  nhaa: ["nhaa"],
  nhen: ["nhen"],
  a: ["ạ"],
  voi: ["với"],
  thanks: ["thanks"],
  thank: ["thank"],
  tks: ["tks"],
  thx: ["thx"],
});

/** "cảm ơn", "giúp em", "thank you": two words that close a request together. */
const CLOSING_PAIRS = spelled({
  "cam on": ["cảm ơn", "cám ơn", "cam on"],
  "giup em": ["giúp em", "giup em"],
  "giup minh": ["giúp mình", "giup minh"],
  "gium em": ["giùm em", "gium em"],
  "thank you": ["thank you"],
});

/** Whom the courtesy is for: only after one of the words above ("nhé shop", "cảm ơn ad"). */
const ADDRESSEES = spelled({ shop: ["shop"], ad: ["ad"], admin: ["admin"], ban: ["bạn"] });

/**
 * Where the courtesy closing the text begins ("… Quốc Oai, HN nhé shop", "…, cảm ơn shop ạ"):
 * the first of the last segment's closing words, `n` when the text does not close with one.
 * Its words are read backwards from the end; a shop's name alone ("…, Shop") closes nothing, nor
 * does a word that ends a unit's name begun before it (`inName`: Mường Nhé is a district).
 */
export function closingCourtesyFrom(tokens: readonly Token[], inName: (k: number) => boolean): number {
  const n = tokens.length;
  if (n === 0 || !CLOSING_LAST_WORDS.has(tokens[n - 1].f)) return n;
  const seg = tokens[n - 1].seg;
  let from = n;
  let courteous = false;
  while (from > 0 && tokens[from - 1].seg === seg) {
    const k = from - 1;
    // The word's own tests first: the name is asked only of a word the courtesy would take
    // (most texts ending in a closing word end in Hồ Chí Minh's "Minh").
    const closing = isWord(tokens, k, n, CLOSING);
    const pair = !closing && k > 0 && tokens[k - 1].seg === seg && isPair(tokens, k - 1);
    if (!(closing || pair || isWord(tokens, k, n, ADDRESSEES)) || inName(k)) break;
    if (closing || pair) courteous = true;
    from = pair ? k - 1 : k;
  }
  return courteous ? from : n;
}

/** Words a request opens with: most segments open with none. */
export const LEAD_FIRST_WORDS = new Set([...SENDING.keys(), ...PRONOUNS.keys(), "cho", "nha"]);

/** Words a courtesy may end with: most texts end with none. */
const CLOSING_LAST_WORDS = new Set([
  ...CLOSING.keys(),
  ...ADDRESSEES.keys(),
  ...[...CLOSING_PAIRS.keys()].map((pair) => pair.split(" ")[1]),
]);

/** Tokens k and k + 1 are one of CLOSING_PAIRS, as written. */
function isPair(tokens: readonly Token[], k: number): boolean {
  const spellings = CLOSING_PAIRS.get(`${tokens[k].f} ${tokens[k + 1].f}`);
  if (spellings === undefined) return false;
  return spellings.includes(`${tokens[k].lower} ${tokens[k + 1].lower}`);
}
