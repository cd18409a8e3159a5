// Sheet (developers.google.com/apps-script/reference/spreadsheet/sheet): a grid of cells holding
// typed values and formulas. In a custom function it is read-only: any write throws "You do not have
// permission to call setValue" (the text users report from custom functions; custom functions guide:
// "Read only (can use most get*() methods, but not set*())").
import { type GridRect, parseA1 } from './a1';
import { type CellContent, EMPTY_CELL, parseTyped } from './cell-input';
import { FakeDeveloperMetadataFinder } from './developer-metadata';
import { FakeRange } from './range';
import type { Realm } from './realm';
import type { Runtime } from './runtime';
import type { FakeSpreadsheet } from './spreadsheet';

export interface SheetSpec {
  name: string;
  /** Written as if typed (see cell-input.ts): give "'123" for the text 123. */
  values?: unknown[][];
  formulas?: string[][];
}

export class FakeSheet {
  private rows: Array<Array<CellContent | undefined>> = [];
  private maxRows: number;
  private maxColumns: number;

  constructor(
    readonly spreadsheet: FakeSpreadsheet,
    private name: string,
    private readonly id: number,
    spec: SheetSpec,
  ) {
    const height = Math.max(spec.values?.length ?? 0, spec.formulas?.length ?? 0);
    const width = Math.max(
      0,
      ...(spec.values ?? []).map((r) => r.length),
      ...(spec.formulas ?? []).map((r) => r.length),
    );
    // A new Google sheet has 1000 rows and 26 columns; the given data can make it larger.
    this.maxRows = Math.max(1000, height);
    this.maxColumns = Math.max(26, width);
    spec.values?.forEach((row, r) => {
      row.forEach((v, c) => {
        this.setCell(r + 1, c + 1, parseTyped(v, spreadsheet.timeZone));
      });
    });
    spec.formulas?.forEach((row, r) => {
      row.forEach((f, c) => {
        if (f) this.setCell(r + 1, c + 1, { value: null, formula: f });
      });
    });
  }

  get runtime(): Runtime {
    return this.spreadsheet.runtime;
  }

  get realm(): Realm {
    return this.spreadsheet.runtime.realm;
  }

  getName(): string {
    return this.name;
  }

  setName(name: string): FakeSheet {
    this.write('setName');
    this.name = String(name);
    return this;
  }

  getSheetId(): number {
    return this.id;
  }

  getIndex(): number {
    return this.spreadsheet.sheetList().indexOf(this) + 1;
  }

  getParent(): FakeSpreadsheet {
    return this.spreadsheet;
  }

  getRange(a1OrRow: unknown, column?: number, numRows = 1, numColumns = 1): FakeRange {
    this.read('getRange');
    if (typeof a1OrRow === 'string') {
      const runtime: Runtime = this.runtime;
      const parsed = parseA1(a1OrRow);
      if (!parsed) runtime.fail('Range not found');
      return this.rangeAt(parsed.resolve(this.maxRows, this.maxColumns));
    }
    return this.rangeAt({
      row: Number(a1OrRow),
      column: Number(column),
      numRows: Number(numRows),
      numColumns: Number(numColumns),
    });
  }

  getDataRange(): FakeRange {
    return this.getRange(1, 1, Math.max(1, this.getLastRow()), Math.max(1, this.getLastColumn()));
  }

  getLastRow(): number {
    this.read('getLastRow');
    for (let r = this.rows.length; r >= 1; r--)
      if (this.rows[r - 1]?.some((cell) => cell !== undefined)) return r;
    return 0;
  }

  getLastColumn(): number {
    this.read('getLastColumn');
    let last = 0;
    for (const row of this.rows) {
      for (let c = (row?.length ?? 0) - 1; c >= last; c--) if (row?.[c] !== undefined) last = c + 1;
    }
    return last;
  }

  getMaxRows(): number {
    return this.maxRows;
  }

  getMaxColumns(): number {
    return this.maxColumns;
  }

  insertColumnsAfter(afterPosition: number, howMany: number): FakeSheet {
    this.write('insertColumnsAfter');
    this.insertColumnsAt(Number(afterPosition) + 1, Number(howMany));
    return this;
  }

  insertColumnsBefore(beforePosition: number, howMany: number): FakeSheet {
    this.write('insertColumnsBefore');
    this.insertColumnsAt(Number(beforePosition), Number(howMany));
    return this;
  }

  insertRowsAfter(afterPosition: number, howMany: number): FakeSheet {
    this.write('insertRowsAfter');
    this.insertRowsAt(Number(afterPosition) + 1, Number(howMany));
    return this;
  }

  insertRowsBefore(beforePosition: number, howMany: number): FakeSheet {
    this.write('insertRowsBefore');
    this.insertRowsAt(Number(beforePosition), Number(howMany));
    return this;
  }

  insertRowBefore(beforePosition: number): FakeSheet {
    return this.insertRowsBefore(beforePosition, 1);
  }

  /**
   * Sheets refuses to leave a sheet without rows: "Sorry, it is not possible to delete all non-frozen
   * rows." (the text users report; no frozen rows are modelled).
   */
  deleteRows(rowPosition: number, howMany: number): FakeSheet {
    this.write('deleteRows');
    const start = Number(rowPosition);
    const count = Number(howMany);
    if (start < 1 || count < 1 || start + count - 1 > this.maxRows)
      this.runtime.fail('Those rows are out of bounds.');
    if (count >= this.maxRows) this.runtime.fail('Sorry, it is not possible to delete all non-frozen rows.');
    this.rows.splice(start - 1, count);
    this.maxRows -= count;
    this.spreadsheet.metadata.deleted(this, 'ROW', start, count);
    return this;
  }

  deleteRow(rowPosition: number): FakeSheet {
    return this.deleteRows(rowPosition, 1);
  }

  createDeveloperMetadataFinder(): FakeDeveloperMetadataFinder {
    this.read('createDeveloperMetadataFinder');
    return new FakeDeveloperMetadataFinder(this.spreadsheet.metadata, this);
  }

  appendRow(rowContents: unknown[]): FakeSheet {
    this.write('appendRow');
    const row = this.getLastRow() + 1;
    if (row > this.maxRows) this.maxRows = row;
    if (rowContents.length > this.maxColumns) this.maxColumns = rowContents.length;
    rowContents.forEach((v, c) => {
      this.setCell(row, c + 1, parseTyped(v, this.spreadsheet.timeZone));
    });
    return this;
  }

  activate(): FakeSheet {
    this.spreadsheet.activateRange(this.getRange(1, 1));
    return this;
  }

  toString(): string {
    return 'Sheet';
  }

  /** Host-side view for tests: values ('' when empty, null for formulas) and formulas, no mode checks. */
  dump(): { values: unknown[][]; formulas: string[][] } {
    const height = this.rows.length;
    const width = Math.max(0, ...this.rows.map((r) => r?.length ?? 0));
    const values: unknown[][] = [];
    const formulas: string[][] = [];
    for (let r = 1; r <= height; r++) {
      values.push(Array.from({ length: width }, (_, c) => this.cell(r, c + 1).value));
      formulas.push(Array.from({ length: width }, (_, c) => this.cell(r, c + 1).formula));
    }
    return { values, formulas };
  }

  cell(row: number, column: number): CellContent {
    return this.rows[row - 1]?.[column - 1] ?? EMPTY_CELL;
  }

  setCell(row: number, column: number, content: CellContent | undefined): void {
    const empty = !content || (content.formula === '' && content.value === '');
    let cells = this.rows[row - 1];
    if (!cells) {
      if (empty) return;
      for (let r = this.rows.length; r < row; r++) this.rows[r] ??= [];
      cells = this.rows[row - 1] as Array<CellContent | undefined>;
    }
    cells[column - 1] = empty ? undefined : content;
  }

  timeZone(): string {
    return this.spreadsheet.timeZone;
  }

  activateRange(range: FakeRange): void {
    this.spreadsheet.activateRange(range);
  }

  read(method: string): void {
    this.runtime.require('document', `Sheet.${method}`);
  }

  write(method: string): void {
    this.runtime.require('document', `Sheet.${method}`);
    if (this.runtime.inCustomFunction) this.runtime.fail(`You do not have permission to call ${method}`);
  }

  private insertRowsAt(position: number, count: number): void {
    if (position > this.rows.length)
      for (let r = this.rows.length; r < position - 1; r++) this.rows[r] ??= [];
    this.rows.splice(position - 1, 0, ...Array.from({ length: count }, () => []));
    this.maxRows += count;
    this.spreadsheet.metadata.inserted(this, 'ROW', position, count);
  }

  private insertColumnsAt(position: number, count: number): void {
    for (const row of this.rows) {
      if (row && row.length >= position) row.splice(position - 1, 0, ...new Array<undefined>(count));
    }
    this.maxColumns += count;
    this.spreadsheet.metadata.inserted(this, 'COLUMN', position, count);
  }

  /** Sheets' own bounds texts for getRange(row, column, numRows, numColumns). */
  private rangeAt(rect: GridRect): FakeRange {
    const runtime: Runtime = this.runtime;
    if (!Number.isInteger(rect.row) || rect.row < 1)
      runtime.fail('The starting row of the range is too small.');
    if (!Number.isInteger(rect.column) || rect.column < 1)
      runtime.fail('The starting column of the range is too small.');
    if (!Number.isInteger(rect.numRows) || rect.numRows < 1)
      runtime.fail('The number of rows in the range must be at least 1.');
    if (!Number.isInteger(rect.numColumns) || rect.numColumns < 1) {
      runtime.fail('The number of columns in the range must be at least 1.');
    }
    if (rect.row + rect.numRows - 1 > this.maxRows || rect.column + rect.numColumns - 1 > this.maxColumns) {
      runtime.fail('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new FakeRange(this, rect);
  }
}
