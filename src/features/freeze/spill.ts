/**
 * Where a PREDICT formula's results spill. Freezing only the anchor cell would make the spilled
 * results vanish (they exist only while the formula does), so the frozen area must cover them.
 */

export interface SpillArea {
  /** Offsets from the anchor cell, in the grid the caller read around it. */
  rows: number;
  columns: number;
}

const PREDICT_CALL = /(^|[^A-Z0-9_.])PREDICT\s*\(/i;
const FIRST_RANGE =
  /PREDICT\s*\(\s*(?:'[^']*'!|[A-Za-z0-9_]+!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?/i;

export function isPredictFormula(formula: string): boolean {
  return formula.startsWith('=') && PREDICT_CALL.test(formula);
}

/** Rows the formula's first argument spans (a single cell: one row); null when it cannot be read. */
export function argumentRows(formula: string): number | null {
  const match = FIRST_RANGE.exec(formula);
  if (!match) return null;
  const first = Number(match[2]);
  const last = match[4] ? Number(match[4]) : first;
  return Math.abs(last - first) + 1;
}

/**
 * The spill area of an anchor at grid[0][0]: as many rows as its argument, and as many columns as
 * hold values without formulas to the right of it in any of those rows (a spill is a rectangle).
 */
export function spillArea(formula: string, values: unknown[][], formulas: string[][]): SpillArea {
  const rows = Math.min(argumentRows(formula) ?? 1, values.length);
  let columns = 1;
  for (let r = 0; r < rows; r++) {
    let c = 1;
    while (c < (values[r]?.length ?? 0) && (formulas[r]?.[c] ?? '') === '' && values[r]?.[c] !== '') c++;
    columns = Math.max(columns, c);
  }
  return { rows, columns };
}
