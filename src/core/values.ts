/**
 * Conversion between sheet cells and the JSON cells of contract v1, and back.
 */

export type JsonCell = number | string | boolean | null;

/** Dates may come from another realm (the sheet, a vm sandbox): instanceof is not reliable. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** The spreadsheet's offset from UTC, in minutes east, at an instant (it changes with summer time). */
export type ZoneOffset = (epochMs: number) => number;

const UTC: ZoneOffset = () => 0;

/**
 * An instant as the spreadsheet's local date-time with its offset: `2026-11-26T00:00:00.000+09:00`.
 * A date-only cell keeps its calendar day for an API that reads only the date part, and the instant
 * stays exact (DESIGN.md, API contract).
 */
export function toLocalIsoString(epochMs: number, offsetOf: ZoneOffset = UTC): string {
  const offset = offsetOf(epochMs);
  const local = new Date(epochMs + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/** A sheet cell as contract v1 sends it: empty cells are null, Dates local ISO-8601, text unchanged. */
export function toJsonCell(value: unknown, offsetOf?: ZoneOffset): JsonCell {
  if (value === '' || value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (isDate(value)) {
    const time = value.getTime();
    return Number.isNaN(time) ? null : toLocalIsoString(time, offsetOf);
  }
  return String(value);
}

/**
 * Asks `offsetOf` as seldom as possible: the offset is read at UTC month boundaries, and inside a
 * month whose two ends agree it holds for the whole month (summer-time switches are months apart).
 * Only a month with a switch is narrowed to its days, and only the day of the switch to the instant.
 * The Apps Script offset comes from its date-formatting service, a call per question: a column of birth
 * dates over 50 years costs about 600 of them, not one per cell.
 */
export function memoiseZoneOffset(offsetOf: ZoneOffset): ZoneOffset {
  const DAY = 86_400_000;
  const asked = new Map<number, number>();
  const at = (ms: number): number => {
    let offset = asked.get(ms);
    if (offset === undefined) {
      offset = offsetOf(ms);
      asked.set(ms, offset);
    }
    return offset;
  };
  return (epochMs) => {
    const date = new Date(epochMs);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const monthStart = at(Date.UTC(year, month, 1));
    if (monthStart === at(Date.UTC(year, month + 1, 1))) return monthStart;
    const day = Math.floor(epochMs / DAY);
    const dayStart = at(day * DAY);
    return dayStart === at((day + 1) * DAY) ? dayStart : offsetOf(epochMs);
  };
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
