// SpreadsheetApp and Spreadsheet (developers.google.com/apps-script/reference/spreadsheet). getUi()
// throws "Cannot call SpreadsheetApp.getUi() from this context." in a custom function (the text users
// report from contexts without a UI); the sheets themselves are in sheet.ts.
import { parseA1 } from './a1';
import {
  enumOf,
  FakeDeveloperMetadataFinder,
  LOCATION_TYPES,
  MetadataRegistry,
  VISIBILITIES,
} from './developer-metadata';
import type { FakeRange } from './range';
import type { Runtime } from './runtime';
import { FakeSheet, type SheetSpec } from './sheet';
import type { FakeUi } from './ui';

export type { SheetSpec } from './sheet';

export interface SpreadsheetSpec {
  locale?: string;
  timeZone?: string;
  sheets: SheetSpec[];
}

export class FakeSpreadsheet {
  readonly locale: string;
  readonly timeZone: string;
  private readonly sheets: FakeSheet[] = [];
  private active: FakeRange | undefined;
  /** The cell whose formula is being calculated, while a custom function runs for it (sandbox.ts). */
  callingCell: FakeRange | undefined;
  readonly metadata = new MetadataRegistry();
  /** SpreadsheetApp.flush calls, for tests that a writer flushes before it lets go of its lock. */
  flushes = 0;

  constructor(
    readonly runtime: Runtime,
    private readonly ui: FakeUi,
    spec: SpreadsheetSpec,
  ) {
    this.locale = spec.locale ?? 'en_US';
    this.timeZone = spec.timeZone ?? 'Etc/UTC';
    const specs = spec.sheets.length > 0 ? spec.sheets : [{ name: 'Sheet1' }];
    specs.forEach((s, i) => {
      this.sheets.push(new FakeSheet(this, s.name, i === 0 ? 0 : 1_000_000 + i, s));
    });
  }

  getId(): string {
    return 'sandbox-spreadsheet-id';
  }

  getName(): string {
    return 'SheetBridge sandbox';
  }

  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.getId()}/edit`;
  }

  getSpreadsheetLocale(): string {
    return this.locale;
  }

  getSpreadsheetTimeZone(): string {
    return this.timeZone;
  }

  getSheets(): FakeSheet[] {
    this.runtime.require('document', 'Spreadsheet.getSheets');
    return this.runtime.realm.array(this.sheets);
  }

  sheetList(): FakeSheet[] {
    return this.sheets;
  }

  getSheetByName(name: string): FakeSheet | null {
    this.runtime.require('document', 'Spreadsheet.getSheetByName');
    return this.sheets.find((s) => s.getName() === String(name)) ?? null;
  }

  getActiveSheet(): FakeSheet {
    return this.getActiveRange().getSheet();
  }

  setActiveSheet(sheet: FakeSheet): FakeSheet {
    sheet.activate();
    return sheet;
  }

  /**
   * The selection; A1 of the first sheet until something is activated. Inside a custom function
   * started for a cell it is that calling cell (PLATFORM.md "Costs and behaviours": widely used with
   * getFormula). A custom function started without a cell sees the selection: UNVERIFIED, Sheets
   * always has a calling cell.
   */
  getActiveRange(): FakeRange {
    this.runtime.require('document', 'Spreadsheet.getActiveRange');
    if (this.runtime.inCustomFunction && this.callingCell) return this.callingCell;
    this.active ??= (this.sheets[0] as FakeSheet).getRange(1, 1);
    return this.active;
  }

  setActiveRange(range: FakeRange): FakeRange {
    this.activateRange(range);
    return range;
  }

  getSelection(): { getActiveRange(): FakeRange; getActiveSheet(): FakeSheet; getCurrentCell(): FakeRange } {
    return {
      getActiveRange: () => this.getActiveRange(),
      getActiveSheet: () => this.getActiveSheet(),
      getCurrentCell: () => this.getActiveRange().getCell(1, 1),
    };
  }

  getRange(a1Notation: string): FakeRange {
    const parsed = parseA1(String(a1Notation));
    if (!parsed) this.runtime.fail('Range not found');
    const sheet =
      parsed.sheetName === undefined ? this.getActiveSheet() : this.getSheetByName(parsed.sheetName);
    if (!sheet) this.runtime.fail('Range not found');
    return sheet.getRange(String(a1Notation).slice(String(a1Notation).lastIndexOf('!') + 1));
  }

  createDeveloperMetadataFinder(): FakeDeveloperMetadataFinder {
    this.runtime.require('document', 'Spreadsheet.createDeveloperMetadataFinder');
    return new FakeDeveloperMetadataFinder(this.metadata, null);
  }

  toast(message: unknown, _title?: unknown, _timeoutSeconds?: unknown): void {
    this.runtime.require('document', 'Spreadsheet.toast');
    if (this.runtime.inCustomFunction) this.runtime.fail('You do not have permission to call toast');
    this.ui.toasts.push(String(message));
  }

  /** Custom functions may only read (custom functions guide: "not set*()"): activation is a write. */
  activateRange(range: FakeRange): void {
    this.runtime.require('document', 'Range.activate');
    if (this.runtime.inCustomFunction) this.runtime.fail('You do not have permission to call setActiveRange');
    this.active = range;
  }

  toString(): string {
    return 'Spreadsheet';
  }
}

export class FakeSpreadsheetApp {
  readonly DeveloperMetadataLocationType = enumOf(LOCATION_TYPES);
  readonly DeveloperMetadataVisibility = enumOf(VISIBILITIES);

  constructor(
    private readonly runtime: Runtime,
    private readonly spreadsheet: FakeSpreadsheet,
    private readonly ui: FakeUi,
  ) {}

  getActive(): FakeSpreadsheet {
    this.runtime.require('document', 'SpreadsheetApp.getActive');
    return this.spreadsheet;
  }

  getActiveSpreadsheet(): FakeSpreadsheet {
    this.runtime.require('document', 'SpreadsheetApp.getActiveSpreadsheet');
    return this.spreadsheet;
  }

  getActiveSheet(): FakeSheet {
    return this.getActiveSpreadsheet().getActiveSheet();
  }

  getActiveRange(): FakeRange {
    return this.getActiveSpreadsheet().getActiveRange();
  }

  getSelection(): ReturnType<FakeSpreadsheet['getSelection']> {
    return this.getActiveSpreadsheet().getSelection();
  }

  getUi(): FakeUi {
    this.runtime.checkDeadline();
    if (this.runtime.inCustomFunction)
      this.runtime.fail('Cannot call SpreadsheetApp.getUi() from this context.');
    return this.ui;
  }

  /** Writes are applied at once here; the count lets tests see that a writer flushed. */
  flush(): void {
    this.spreadsheet.flushes += 1;
  }

  toString(): string {
    return 'SpreadsheetApp';
  }
}
