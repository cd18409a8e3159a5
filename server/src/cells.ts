// Converts one sheet cell to a model input. Sheets sends numbers, strings, booleans or null; users type
// "34" as text and TRUE/FALSE as words, so those are accepted. Anything else is a per-row error whose
// message names the column, because that text ends up in the user's cell.
import type { InputSpec } from './model';

export type Cell = unknown;

export class InvalidCell extends Error {}

/** Category labels compare after trimming, Unicode NFKC (full-width letters) and lower-casing. */
export function normaliseLabel(label: string): string {
  return label.normalize('NFKC').trim().toLowerCase();
}

function toNumber(name: string, cell: Cell): number {
  if (typeof cell === 'number' && Number.isFinite(cell)) return cell;
  if (typeof cell === 'string' && cell.trim() !== '') {
    const n = Number(cell.trim());
    if (Number.isFinite(n)) return n;
  }
  throw new InvalidCell(`${name} must be a number`);
}

function toBoolean(name: string, cell: Cell): boolean {
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'string') {
    const word = cell.trim().toUpperCase();
    if (word === 'TRUE') return true;
    if (word === 'FALSE') return false;
  }
  throw new InvalidCell(`${name} must be TRUE or FALSE`);
}

/**
 * The calendar day a date cell names, as days since 1970-01-01. Contract v1 sends dates as ISO-8601
 * local date-times with the spreadsheet's offset (2026-11-26T00:00:00.000+09:00): the date part IS the
 * day the user typed, whatever the offset, so it is read as written and never converted to UTC.
 * A bare date (2026-11-26) is accepted too. An instant without an offset is ambiguous and refused.
 */
export function calendarDay(name: string, cell: Cell): number {
  const pattern =
    /^(\d{4})-(\d{2})-(\d{2})(?:T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d))?$/;
  const match = typeof cell === 'string' ? pattern.exec(cell.trim()) : null;
  const problem = `${name} must be a date such as 2026-11-26 or 2026-11-26T00:00:00.000+09:00`;
  if (!match) throw new InvalidCell(problem);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new InvalidCell(problem);
  }
  return ms / 86_400_000;
}

/** The input's contribution to the logit (weight times standardised value, or the category's weight). */
export function contribution(input: InputSpec, cell: Cell): number {
  if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')) {
    throw new InvalidCell(`${input.name} is required (the cell is empty)`);
  }
  switch (input.type) {
    case 'number': {
      const x = toNumber(input.name, cell);
      if (input.min !== undefined && x < input.min)
        throw new InvalidCell(`${input.name} must be >= ${input.min}`);
      if (input.max !== undefined && x > input.max)
        throw new InvalidCell(`${input.name} must be <= ${input.max}`);
      return ((x - input.mean) / input.std) * input.weight;
    }
    case 'boolean':
      return toBoolean(input.name, cell) ? input.weight : 0;
    case 'date': {
      const years = (calendarDay(input.name, cell) - calendarDay('since', input.since)) / 365.25;
      return years * input.weight;
    }
    case 'category': {
      const allowed = Object.keys(input.categories);
      if (typeof cell !== 'string')
        throw new InvalidCell(`${input.name} must be one of ${allowed.join(', ')}`);
      const wanted = normaliseLabel(cell);
      const match = allowed.find((label) => normaliseLabel(label) === wanted);
      if (match === undefined) throw new InvalidCell(`${input.name} must be one of ${allowed.join(', ')}`);
      return input.categories[match] ?? 0;
    }
  }
}
