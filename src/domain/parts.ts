/**
 * The structured parts of a Vietnamese address below the commune: house number, lot, the alley
 * chain (ngõ → ngách in the north, hẻm in the south, kiệt in the centre), street, hamlet or
 * residential group, and building/floor/flat. Every part is optional; completeness rules decide
 * which combinations are enough to find the door.
 */
import { ValidationError } from "./errors.js";
import { normaliseHouseNumber, parseHouseNumber } from "./house-number.js";

export const ALLEY_TYPES = ["ngõ", "ngách", "hẻm", "kiệt"] as const;
export type AlleyType = (typeof ALLEY_TYPES)[number];

/** Hamlets (rural) and residential groups (urban) that sit between the commune and the house. */
export const HAMLET_TYPES = ["thôn", "ấp", "bản", "xóm", "buôn", "sóc", "làng", "tổ dân phố", "khu phố", "tổ", "khu"] as const;
export type HamletType = (typeof HAMLET_TYPES)[number];

export interface Alley {
  type: AlleyType;
  /** "12", "12A", "34/5": the alley's own number, house-number syntax. */
  number: string;
}

export interface Hamlet {
  type: HamletType;
  /** "3", "Đông", "Phú Lợi". */
  name: string;
}

export interface AddressParts {
  /** Normalised house number: "12", "12A", "12/3A", "284D Bis", "K12/5", "12-14". */
  houseNumber?: string;
  /** Lot in a planned area: "A1-05", "LK12-05", "BT3". */
  lot?: string;
  /** Outermost first: ngõ 12 → ngách 34. */
  alleys?: Alley[];
  /** As written, with its type word when it has one: "Phố Huế", "Đường Lê Lợi", "Quốc lộ 1A". */
  street?: string;
  hamlet?: Hamlet;
  building?: string;
  floor?: string;
  flat?: string;
}

const PART_KEYS = ["houseNumber", "lot", "alleys", "street", "hamlet", "building", "floor", "flat"] as const;

function text(field: string, value: unknown, max = 200): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ValidationError(field, value, "must be text", "phải là chuỗi ký tự");
  const trimmed = value.normalize("NFC").replace(/\s+/g, " ").trim();
  if (trimmed === "") return undefined;
  if (trimmed.length > max) throw new ValidationError(field, value, `must be at most ${max} characters`, `tối đa ${max} ký tự`);
  return trimmed;
}

/**
 * Validates and normalises parts given by a writer (API, import, CLI): trims, NFC, normalises the
 * house and alley numbers, drops empty parts, and rejects unknown keys and types naming the field.
 * The result has its keys in a fixed order so that equal parts serialise to equal JSON.
 */
export function normaliseParts(input: unknown): AddressParts {
  if (input === undefined || input === null) return {};
  if (typeof input !== "object" || Array.isArray(input)) throw new ValidationError("parts", input, "must be an object", "phải là một đối tượng");
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(PART_KEYS as readonly string[]).includes(key)) {
      throw new ValidationError(`parts.${key}`, raw[key], `unknown part; one of ${PART_KEYS.join(", ")}`, "thành phần không hợp lệ");
    }
  }
  const out: AddressParts = {};
  const house = text("parts.houseNumber", raw.houseNumber, 40);
  if (house !== undefined) out.houseNumber = normaliseHouseNumber(house, "parts.houseNumber");
  const lot = text("parts.lot", raw.lot, 40);
  if (lot !== undefined) out.lot = lot.toUpperCase();
  if (raw.alleys !== undefined && raw.alleys !== null) {
    if (!Array.isArray(raw.alleys)) throw new ValidationError("parts.alleys", raw.alleys, "must be a list", "phải là danh sách");
    const alleys: Alley[] = raw.alleys.map((a: unknown, i: number) => {
      const field = `parts.alleys[${i}]`;
      if (typeof a !== "object" || a === null) throw new ValidationError(field, a, "must be {type, number}", "phải có {type, number}");
      const { type, number } = a as { type?: unknown; number?: unknown };
      const folded = typeof type === "string" ? type.normalize("NFC").trim().toLowerCase() : type;
      if (!(ALLEY_TYPES as readonly unknown[]).includes(folded)) {
        throw new ValidationError(`${field}.type`, type, `must be one of ${ALLEY_TYPES.join(", ")}`, "loại ngõ/hẻm không hợp lệ");
      }
      const num = text(`${field}.number`, typeof number === "number" ? String(number) : number, 20);
      if (num === undefined) throw new ValidationError(`${field}.number`, number, "is required", "thiếu số ngõ/hẻm");
      return { type: folded as AlleyType, number: normaliseHouseNumber(num, `${field}.number`) };
    });
    if (alleys.length > 0) out.alleys = alleys;
  }
  const street = text("parts.street", raw.street);
  if (street !== undefined) out.street = street;
  if (raw.hamlet !== undefined && raw.hamlet !== null) {
    const { type, name } = raw.hamlet as { type?: unknown; name?: unknown };
    const folded = typeof type === "string" ? type.normalize("NFC").trim().toLowerCase() : type;
    if (!(HAMLET_TYPES as readonly unknown[]).includes(folded)) {
      throw new ValidationError("parts.hamlet.type", type, `must be one of ${HAMLET_TYPES.join(", ")}`, "loại thôn/tổ không hợp lệ");
    }
    const hamletName = text("parts.hamlet.name", typeof name === "number" ? String(name) : name, 100);
    if (hamletName === undefined) throw new ValidationError("parts.hamlet.name", name, "is required", "thiếu tên thôn/tổ");
    out.hamlet = { type: folded as HamletType, name: hamletName };
  }
  const building = text("parts.building", raw.building);
  if (building !== undefined) out.building = building;
  const floor = text("parts.floor", typeof raw.floor === "number" ? String(raw.floor) : raw.floor, 20);
  if (floor !== undefined) out.floor = floor;
  const flat = text("parts.flat", typeof raw.flat === "number" ? String(raw.flat) : raw.flat, 20);
  if (flat !== undefined) out.flat = flat;
  return out;
}

const ALLEY_PATTERN = new RegExp(`(${ALLEY_TYPES.join("|")})\\s*([0-9][0-9A-Za-z/]*)`, "giu");
const HAMLET_BY_LENGTH = [...HAMLET_TYPES].sort((a, b) => b.length - a.length);

/**
 * An alley chain as written ("ngõ 10 ngách 2", "Hẻm 284/5") → [{ngõ,10},{ngách,2}]; null when the
 * text is not an alley chain. The importer reads its `alley` column with it, the parser's answer
 * becomes a record's parts with it.
 */
export function parseAlleys(text: string): Alley[] | null {
  const alleys: Alley[] = [];
  let consumed = 0;
  for (const m of text.matchAll(ALLEY_PATTERN)) {
    const number = parseHouseNumber(m[2]);
    if (!number) return null;
    alleys.push({ type: m[1].toLowerCase() as Alley["type"], number: number.normalised });
    consumed += m[0].length;
  }
  return alleys.length > 0 && consumed >= text.replace(/\s/g, "").length * 0.6 ? alleys : null;
}

/** "Thôn Đông" → {thôn, Đông}; a hamlet without a known type word becomes {khu, text}. */
export function parseHamlet(text: string): Hamlet {
  const lower = text.toLowerCase();
  for (const type of HAMLET_BY_LENGTH) {
    if (lower.startsWith(`${type} `) && text.length > type.length + 1)
      return { type, name: text.slice(type.length + 1) };
  }
  return { type: "khu", name: text };
}
