// Range (developers.google.com/apps-script/reference/spreadsheet/range): cell values and formulas of
// a rectangle of a FakeSheet. Values read back: '' for an empty cell (Range.getValues reference:
// "Empty cells are represented by an empty string"), null for a formula cell whose result this fake
// cannot compute, Dates as context-realm Dates.
import { a1Notation, type GridRect } from './a1';
import { type CellContent, displayText, parseFormula, parseTyped } from './cell-input';
import { type FakeDeveloperMetadata, VISIBILITIES, type Visibility } from './developer-metadata';
import type { Runtime } from './runtime';
import type { FakeSheet } from './sheet';
import { sortedOrder, sortKeysOf } from './sort';

export class FakeRange {
  constructor(
    private readonly sheet: FakeSheet,
    readonly rect: GridRect,
  ) {}

  getValues(): unknown[][] {
    this.sheet.read('getValues');
    return this.grid((cell) => cell.value) as unknown[][];
  }

  getValue(): unknown {
    this.sheet.read('getValue');
    return this.sheet.realm.copyIn(this.sheet.cell(this.rect.row, this.rect.column).value);
  }

  getFormulas(): string[][] {
    this.sheet.read('getFormulas');
    return this.grid((cell) => cell.formula) as string[][];
  }

  getFormula(): string {
    this.sheet.read('getFormula');
    return this.sheet.cell(this.rect.row, this.rect.column).formula;
  }

  getDisplayValues(): string[][] {
    this.sheet.read('getDisplayValues');
    return this.grid((cell) => displayText(cell, this.sheet.timeZone())) as string[][];
  }

  getDisplayValue(): string {
    this.sheet.read('getDisplayValue');
    return displayText(this.sheet.cell(this.rect.row, this.rect.column), this.sheet.timeZone());
  }

  setValues(values: unknown): FakeRange {
    this.sheet.write('setValues');
    this.writeGrid(values, (v) => parseTyped(v, this.sheet.timeZone()));
    return this;
  }

  /** Sets every cell of the range, as Range.setValue does. */
  setValue(value: unknown): FakeRange {
    this.sheet.write('setValue');
    const content = parseTyped(value, this.sheet.timeZone());
    this.forEachCell((r, c) => this.sheet.setCell(r, c, content));
    return this;
  }

  setFormulas(formulas: unknown): FakeRange {
    this.sheet.write('setFormulas');
    this.writeGrid(formulas, parseFormula);
    return this;
  }

  setFormula(formula: unknown): FakeRange {
    this.sheet.write('setFormula');
    const content = parseFormula(formula);
    this.forEachCell((r, c) => this.sheet.setCell(r, c, content));
    return this;
  }

  clearContent(): FakeRange {
    this.sheet.write('clearContent');
    this.forEachCell((r, c) => this.sheet.setCell(r, c, undefined));
    return this;
  }

  clear(): FakeRange {
    this.sheet.write('clear');
    this.forEachCell((r, c) => this.sheet.setCell(r, c, undefined));
    return this;
  }

  isBlank(): boolean {
    this.sheet.read('isBlank');
    let blank = true;
    this.forEachCell((r, c) => {
      const cell = this.sheet.cell(r, c);
      if (cell.formula !== '' || (cell.value !== '' && cell.value !== null)) blank = false;
    });
    return blank;
  }

  /** Metadata only on a whole row or column (see developer-metadata.ts); visibility DOCUMENT by default. */
  addDeveloperMetadata(key: unknown, valueOrVisibility?: unknown, visibility?: unknown): FakeRange {
    this.sheet.write('addDeveloperMetadata');
    const secondIsVisibility =
      VISIBILITIES.includes(valueOrVisibility as Visibility) && visibility === undefined;
    const value = secondIsVisibility || valueOrVisibility === undefined ? null : String(valueOrVisibility);
    const chosen = (secondIsVisibility ? valueOrVisibility : visibility) ?? 'DOCUMENT';
    this.sheet.spreadsheet.metadata.add(this, String(key), value, chosen as Visibility);
    return this;
  }

  getDeveloperMetadata(): FakeDeveloperMetadata[] {
    this.sheet.read('getDeveloperMetadata');
    return this.sheet.realm.array(this.sheet.spreadsheet.metadata.on(this));
  }

  /** Moves whole rows of this range's cells into order; cells outside the range stay (see sort.ts). */
  sort(sortSpecObj: unknown): FakeRange {
    this.sheet.write('sort');
    const { row, column, numRows, numColumns } = this.rect;
    const keys = sortKeysOf(sortSpecObj, this.sheet.runtime, column, numColumns);
    const cells = Array.from({ length: numRows }, (_, r) =>
      Array.from({ length: numColumns }, (_, c) => this.sheet.cell(row + r, column + c)),
    );
    sortedOrder(cells, keys, column).forEach((from, r) => {
      (cells[from] ?? []).forEach((cell, c) => {
        this.sheet.setCell(row + r, column + c, cell);
      });
    });
    return this;
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): FakeRange {
    return this.sheet.getRange(
      this.rect.row + Number(rowOffset),
      this.rect.column + Number(columnOffset),
      numRows ?? this.rect.numRows,
      numColumns ?? this.rect.numColumns,
    );
  }

  getCell(row: number, column: number): FakeRange {
    if (row < 1 || row > this.rect.numRows || column < 1 || column > this.rect.numColumns) {
      this.sheet.runtime.fail('Cell reference out of range');
    }
    return this.sheet.getRange(this.rect.row + row - 1, this.rect.column + column - 1);
  }

  activate(): FakeRange {
    this.sheet.activateRange(this);
    return this;
  }

  getRow(): number {
    return this.rect.row;
  }

  getColumn(): number {
    return this.rect.column;
  }

  getNumRows(): number {
    return this.rect.numRows;
  }

  getNumColumns(): number {
    return this.rect.numColumns;
  }

  getHeight(): number {
    return this.rect.numRows;
  }

  getWidth(): number {
    return this.rect.numColumns;
  }

  getLastRow(): number {
    return this.rect.row + this.rect.numRows - 1;
  }

  getLastColumn(): number {
    return this.rect.column + this.rect.numColumns - 1;
  }

  getA1Notation(): string {
    return a1Notation(this.rect);
  }

  getSheet(): FakeSheet {
    return this.sheet;
  }

  toString(): string {
    return 'Range';
  }

  private grid(pick: (cell: CellContent) => unknown): unknown[] {
    const rows: unknown[][] = [];
    for (let r = 0; r < this.rect.numRows; r++) {
      const row: unknown[] = [];
      for (let c = 0; c < this.rect.numColumns; c++)
        row.push(pick(this.sheet.cell(this.rect.row + r, this.rect.column + c)));
      rows.push(row);
    }
    return this.sheet.realm.copyIn(rows) as unknown[];
  }

  /**
   * Checks the whole grid before writing any cell. Texts are Sheets' own: "The number of rows in the
   * data does not match the number of rows in the range. The data has 2 but the range has 3."
   */
  private writeGrid(data: unknown, parse: (value: unknown) => CellContent): void {
    const runtime: Runtime = this.sheet.runtime;
    if (!Array.isArray(data))
      runtime.fail(
        "The parameters (String) don't match the method signature for SpreadsheetApp.Range.setValues.",
      );
    if (data.length !== this.rect.numRows) {
      runtime.fail(
        `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${this.rect.numRows}.`,
      );
    }
    for (const row of data) {
      if (!Array.isArray(row))
        runtime.fail(
          "The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
        );
      if (row.length !== this.rect.numColumns) {
        runtime.fail(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.rect.numColumns}.`,
        );
      }
    }
    (data as unknown[][]).forEach((row, r) => {
      row.forEach((value, c) => {
        this.sheet.setCell(this.rect.row + r, this.rect.column + c, parse(value));
      });
    });
  }

  private forEachCell(visit: (row: number, column: number) => void): void {
    for (let r = 0; r < this.rect.numRows; r++) {
      for (let c = 0; c < this.rect.numColumns; c++) visit(this.rect.row + r, this.rect.column + c);
    }
  }
}
