/** Coordinates as people write them in survey files and batch CSVs. */

/**
 * Decimal degrees as surveys write them: an optional sign, digits, and optionally a decimal point
 * or comma followed by digits ("10.776543", "106,700981", "-8"). Nothing else, though Number()
 * takes more: no hex ("0x15"), exponent ("1.05e2"), "Infinity", bare point, or spaces inside.
 * NaN when the text is not such a number.
 */
export function parseDegrees(text: string): number {
  const first = text.charCodeAt(0);
  let i = first === 43 || first === 45 ? 1 : 0; // "+", "-"
  const integerStart = i;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i === integerStart) return Number.NaN;
  if (i === text.length) return Number(text);
  const separator = text.charCodeAt(i);
  if (separator !== 46 && separator !== 44) return Number.NaN; // ".", ","
  const fractionStart = ++i;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i === fractionStart || i !== text.length) return Number.NaN;
  return Number(separator === 46 ? text : `${text.slice(0, fractionStart - 1)}.${text.slice(fractionStart)}`);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
