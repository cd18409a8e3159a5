/**
 * How many rows a PREDICT formula's results take. Freezing only the anchor cell would make the
 * spilled results vanish (they exist only while the formula does), so the frozen area must cover them.
 */

const PREDICT_CALL = /(^|[^A-Z0-9_.])PREDICT\s*\(/i;
const FIRST_RANGE =
  /PREDICT\s*\(\s*(?:'[^']*'!|[A-Za-z0-9_]+!)?\$?([A-Z]{1,3})\$?(\d*)(?::\$?([A-Z]{1,3})\$?(\d*))?\s*[,)]/i;

export function isPredictFormula(formula: string): boolean {
  return formula.startsWith('=') && PREDICT_CALL.test(formula);
}

/**
 * Rows the formula's first argument spans, so rows of output: A2:H100 gives 99, a single cell 1, an
 * open range (A2:H, A:H) reaches the end of the sheet (`rowsToSheetEnd`). null when the argument is
 * not a plain range (a named range, another function): the caller must not guess.
 */
export function argumentRows(formula: string, rowsToSheetEnd: number): number | null {
  const match = FIRST_RANGE.exec(formula);
  if (!match) return null;
  const [, , firstRow, lastColumn, lastRow] = match;
  if (firstRow === '' || (lastColumn !== undefined && lastRow === '')) return rowsToSheetEnd;
  const first = Number(firstRow);
  const last = lastRow ? Number(lastRow) : first;
  return Math.min(Math.abs(last - first) + 1, rowsToSheetEnd);
}
