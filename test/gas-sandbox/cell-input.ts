// What a cell holds after Range.setValue/setValues: Sheets parses a string AS IF TYPED (PLATFORM.md,
// "Sheets writes"; Range.setValue reference: "If the value starts with '=' it's interpreted as a
// formula"). So "=1+1" becomes a formula, "+1"/"-1"/"1e3" numbers, "TRUE" a boolean, "2024-01-02" a
// date, and a leading apostrophe keeps the rest as literal text (the apostrophe is not part of the
// value). Numbers, booleans and Dates are stored as they are. The locale-dependent forms Sheets also
// accepts ("1/2/2024", "$5", "1,234") are not parsed here: SheetBridge never writes them, and a
// fake that guessed them wrong would mislead more than one that leaves them text.
import { isDate } from './realm';
import { formatPattern, fromWallClock } from './time-zone';

export interface CellContent {
  /** null for a formula: the fake cannot compute formula results. */
  value: unknown;
  /** '' when the cell holds no formula. */
  formula: string;
}

export const EMPTY_CELL: CellContent = { value: '', formula: '' };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const PERCENT = /^[+-]?(\d+(\.\d*)?|\.\d+)%$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

export function parseTyped(input: unknown, timeZone: string): CellContent {
  if (input === null || input === undefined) return EMPTY_CELL;
  if (typeof input === 'number' || typeof input === 'boolean') return { value: input, formula: '' };
  if (isDate(input)) return { value: new Date(input.getTime()), formula: '' };
  const text = String(input);
  if (text === '') return EMPTY_CELL;
  if (text.startsWith("'")) return { value: text.slice(1), formula: '' };
  if (text.startsWith('=') && text.length > 1) return { value: null, formula: text };
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return { value: Number(trimmed), formula: '' };
  if (PERCENT.test(trimmed)) return { value: Number(trimmed.slice(0, -1)) / 100, formula: '' };
  if (/^(true|false)$/i.test(trimmed)) return { value: trimmed.toUpperCase() === 'TRUE', formula: '' };
  const date = ISO_DATE.exec(trimmed);
  if (date) {
    const [, y, mo, d, h, mi, s, frac] = date;
    const month = Number(mo);
    const day = Number(d);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      const ms = fromWallClock(
        timeZone,
        Number(y),
        month,
        day,
        Number(h ?? 0),
        Number(mi ?? 0),
        Number(s ?? 0),
        Number((frac ?? '0').padEnd(3, '0')),
      );
      return { value: new Date(ms), formula: '' };
    }
  }
  return { value: text, formula: '' };
}

/** A formula written with setFormula(s): '' clears the cell, anything else is kept as the formula. */
export function parseFormula(input: unknown): CellContent {
  const text = input === null || input === undefined ? '' : String(input);
  if (text === '') return EMPTY_CELL;
  return { value: null, formula: text.startsWith('=') ? text : `=${text}` };
}

/** Range.getDisplayValues: minimal formatting (numbers as JS prints them, TRUE/FALSE, ISO dates). */
export function displayText(cell: CellContent, timeZone: string): string {
  const { value } = cell;
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isDate(value)) return formatPattern(value.getTime(), timeZone, 'yyyy-MM-dd HH:mm:ss');
  return String(value);
}
