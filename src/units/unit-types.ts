import type { UnitType } from "./types.js";

// Longest first, so "Thành phố" wins over a hypothetical shorter prefix and "Thị trấn" over "Thị xã".
const TYPE_WORDS: UnitType[] = ["Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã"];

/**
 * Splits an official full name into its type word and name.
 * @example splitTypeAndName("Thành phố Hồ Chí Minh") → { type: "Thành phố", name: "Hồ Chí Minh" }
 * Returns null when the name does not start with a known type word.
 */
export function splitTypeAndName(fullName: string): { type: UnitType; name: string } | null {
  const clean = fullName.normalize("NFC").replace(/\s+/g, " ").trim();
  for (const type of TYPE_WORDS) {
    if (clean.length > type.length && clean.slice(0, type.length).toLowerCase() === type.toLowerCase()) {
      if (clean[type.length] !== " ") continue;
      return { type, name: clean.slice(type.length + 1) };
    }
  }
  return null;
}
