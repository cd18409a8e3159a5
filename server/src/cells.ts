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
