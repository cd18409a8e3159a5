import { parsePredictFormula, siblingCalls } from '../core/formula';

/**
 * The input rows of the PREDICT calls dragged down around the calling cell, read with one getFormulas
 * over a window of the caller's column and one getValues over their inputs. Inside a custom function,
 * getActiveRange() is the calling cell (PLATFORM.md "Costs and behaviours"); its formula is checked to
 * be a PREDICT over a range of exactly the argument's shape before anything is trusted. null whenever
 * the layout is anything else: PREDICT then works on its own rows, as a range formula does.
 */

/** Rows of the caller's column read on each side: room for a block of 5,000 rows around it. */
const WINDOW_ROWS = 2_500;

export function readDraggedBlock(
  argumentRows: number,
  argumentColumns: number,
  maxRows: number,
): unknown[][] | null {
  try {
    const cell = SpreadsheetApp.getActiveRange();
    if (!cell) return null;
    if (cell.getNumRows() !== 1 || cell.getNumColumns() !== 1) return null;
    const call = parsePredictFormula(cell.getFormula());
    if (
      call === null ||
      call.lastRow - call.firstRow + 1 !== argumentRows ||
      call.lastColumn - call.firstColumn + 1 !== argumentColumns
    ) {
      return null;
    }
    const sheet = cell.getSheet();
    const row = cell.getRow();
    const top = Math.max(1, row - WINDOW_ROWS);
    const bottom = Math.max(row, Math.min(sheet.getLastRow(), row + WINDOW_ROWS));
    const formulas = sheet.getRange(top, cell.getColumn(), bottom - top + 1, 1).getFormulas();
    const column = formulas.map((f, i) => ({ row: top + i, formula: String(f[0] ?? '') }));
    const siblings = siblingCalls(call, row, column, maxRows);
    if (siblings.length === 0) return null;
    const source = call.sheet === null ? sheet : sheet.getParent().getSheetByName(call.sheet);
    if (!source) return null;
    const first = Math.min(...siblings.map((s) => s.firstRow));
    const last = Math.max(...siblings.map((s) => s.lastRow));
    const values = source.getRange(first, call.firstColumn, last - first + 1, argumentColumns).getValues();
    return siblings.flatMap((s) => values.slice(s.firstRow - first, s.lastRow - first + 1));
  } catch {
    return null; // no active range, no read access: the call works on its own rows
  }
}
