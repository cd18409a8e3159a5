/**
 * Conversion between sheet cells and the JSON cells of contract v1, and back.
 */

export type JsonCell = number | string | boolean | null;

/** Dates may come from another realm (the sheet, a vm sandbox): instanceof is not reliable. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** A sheet cell as contract v1 sends it: empty cells are null, Dates ISO-8601, text unchanged. */
export function toJsonCell(value: unknown): JsonCell {
  if (value === '' || value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (isDate(value)) {
    const time = value.getTime();
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  return String(value);
}

export function isBlankRow(row: readonly unknown[]): boolean {
  return row.every((cell) => cell === '' || cell === null || cell === undefined);
}

/** Custom functions receive a single cell as a scalar and a range as a 2D array. */
export function toGrid(input: unknown): unknown[][] {
  if (!Array.isArray(input)) return [[input]];
  if (input.length === 0) return [];
  return input.map((row) => (Array.isArray(row) ? row : [row]));
}

/**
 * Makes a string land in a cell as exactly that text. Range.setValues parses strings as if typed:
 * "=..." becomes a formula (OWASP CSV injection: = + - @ tab CR LF), but "007" also becomes 7 and
 * "TRUE" a boolean. A leading apostrophe keeps any string literal and is not stored in the value.
 * Numbers, booleans and Dates are written as they are.
 */
export function neutraliseForSheet(value: unknown): unknown {
  return typeof value === 'string' && value !== '' ? `'${value}` : value;
}
