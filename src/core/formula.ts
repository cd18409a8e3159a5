/**
 * Reading `=PREDICT(...)` formulas, to find the dragged-down siblings of a single-row call: the cells
 * of the same column whose formula is the same call shifted by rows (`=PREDICT(A2:H2)` in I2,
 * `=PREDICT(A3:H3)` in I3, ...). Only the shape of the text matters here; a wrong guess costs rows
 * sent for nothing, never a wrong answer, since every call answers from its own argument's content.
 */

export interface PredictCall {
  /** The sheet named in the reference ('Data'!A2:H2), or null for the formula's own sheet. */
  sheet: string | null;
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
  /** The other arguments as written, spaces removed (model, has_header): siblings share them. */
  rest: string;
}

const REFERENCE =
  /^=\s*PREDICT\s*\(\s*(?:('(?:[^']|'')+'|[A-Za-z0-9_.]+)!)?\$?([A-Z]{1,3})\$?(\d+)(?:\s*:\s*\$?([A-Z]{1,3})\$?(\d+))?\s*(,[^)]*)?\)\s*$/i;

export function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters.toUpperCase()) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}

/** The call a formula makes, or null when it is not a plain `=PREDICT(range, ...)`. */
export function parsePredictFormula(formula: string): PredictCall | null {
  const match = REFERENCE.exec(formula.trim());
  if (!match) return null;
  const [, sheet, c1, r1, c2, r2, rest] = match as unknown as Array<string | undefined>;
  const rows = [Number(r1), Number(r2 ?? r1)];
  const columns = [columnNumber(c1 as string), columnNumber(c2 ?? (c1 as string))];
  return {
    sheet: sheet ? sheet.replace(/^'|'$/g, '').replace(/''/g, "'") : null,
    firstRow: Math.min(...rows),
    lastRow: Math.max(...rows),
    firstColumn: Math.min(...columns),
    lastColumn: Math.max(...columns),
    rest: (rest ?? '').replace(/\s+/g, '').toUpperCase(),
  };
}

export interface FormulaCell {
  row: number;
  formula: string;
}

/**
 * The argument rows of the calls around `caller` (row `callerRow` of a column) that are its dragged
 * siblings: same sheet reference, columns, height and other arguments, at the same row offset from
 * their own cell. Nearest first, at most `maxRows` rows in all; the caller itself is not included.
 */
export function siblingCalls(
  caller: PredictCall,
  callerRow: number,
  column: FormulaCell[],
  maxRows: number,
): PredictCall[] {
  const height = caller.lastRow - caller.firstRow;
  const offset = caller.firstRow - callerRow;
  const siblings: Array<{ distance: number; call: PredictCall }> = [];
  for (const cell of column) {
    if (cell.row === callerRow || cell.formula === '') continue;
    const call = parsePredictFormula(cell.formula);
    if (
      call === null ||
      call.sheet !== caller.sheet ||
      call.rest !== caller.rest ||
      call.firstColumn !== caller.firstColumn ||
      call.lastColumn !== caller.lastColumn ||
      call.lastRow - call.firstRow !== height ||
      call.firstRow - cell.row !== offset
    ) {
      continue;
    }
    siblings.push({ distance: Math.abs(cell.row - callerRow), call });
  }
  siblings.sort((a, b) => a.distance - b.distance);
  const limit = Math.max(0, Math.floor(maxRows / (height + 1)));
  return siblings.slice(0, limit).map((s) => s.call);
}
