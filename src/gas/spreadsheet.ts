/**
 * The active spreadsheet as plain rectangles of values: the only code that reads or writes cells.
 */

export interface CellBlock {
  sheetName: string;
  /** 1-based, like Apps Script. */
  row: number;
  column: number;
  rows: number;
  columns: number;
}

export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export function columnNumber(letters: string): number | null {
  const upper = letters.trim().toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(upper)) return null;
  return [...upper].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

export function a1Of(block: CellBlock): string {
  const start = `${columnLetter(block.column)}${block.row}`;
  const end = `${columnLetter(block.column + block.columns - 1)}${block.row + block.rows - 1}`;
  return start === end ? start : `${start}:${end}`;
}

function rangeOf(block: CellBlock): GoogleAppsScript.Spreadsheet.Range {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(block.sheetName);
  if (!sheet) throw new Error(`The sheet "${block.sheetName}" no longer exists.`);
  return sheet.getRange(block.row, block.column, block.rows, block.columns);
}

export function activeSelection(): CellBlock | null {
  const range = SpreadsheetApp.getActiveSpreadsheet().getActiveRange();
  if (!range) return null;
  return {
    sheetName: range.getSheet().getName(),
    row: range.getRow(),
    column: range.getColumn(),
    rows: range.getNumRows(),
    columns: range.getNumColumns(),
  };
}

export function readValues(block: CellBlock): unknown[][] {
  return rangeOf(block).getValues();
}

export function readFormulas(block: CellBlock): string[][] {
  return rangeOf(block).getFormulas();
}

/** Writes values as they are: callers neutralise strings first (setValues parses them as typed). */
export function writeValues(block: CellBlock, values: unknown[][]): void {
  rangeOf(block).setValues(values);
}

export function sheetSize(sheetName: string): { lastRow: number; maxColumns: number } {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(sheetName);
  if (!sheet) throw new Error(`The sheet "${sheetName}" no longer exists.`);
  return { lastRow: sheet.getLastRow(), maxColumns: sheet.getMaxColumns() };
}

/** Sheets refuses ranges past the last column: add columns so the results fit. */
export function ensureColumns(sheetName: string, lastColumn: number): void {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(sheetName);
  if (sheet && sheet.getMaxColumns() < lastColumn) {
    sheet.insertColumnsAfter(sheet.getMaxColumns(), lastColumn - sheet.getMaxColumns());
  }
}

/** Applies pending writes now (SpreadsheetApp.flush), e.g. before a lock that guards them is released. */
export function flushSheet(): void {
  SpreadsheetApp.flush();
}
