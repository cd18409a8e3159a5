// Developer metadata (developers.google.com/apps-script/reference/spreadsheet/developer-metadata) on
// whole rows and columns, moved as the Sheets API reference (spreadsheets.developerMetadata) says:
// "if developer metadata is associated with row 5 and another row is then subsequently inserted above
// row 5, that original metadata will still be associated with the row it was first associated with
// (what is now row 6). If the associated object is deleted its metadata is deleted too." A row or
// column location is one row or column ("The specified DimensionRange must represent a single row or
// column", same page). Nothing documents metadata following a SORT, so here it stays with the row
// position: code that relies on more would pass here and fail in Sheets only if it relied on less.
// Spreadsheet- and sheet-level metadata are not modelled: the project does not use them.
import type { FakeRange } from './range';
import type { FakeSheet } from './sheet';

export const LOCATION_TYPES = ['SPREADSHEET', 'SHEET', 'ROW', 'COLUMN'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];
export const VISIBILITIES = ['DOCUMENT', 'PROJECT'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Enums as Apps Script exposes them on SpreadsheetApp: members compare equal and print their name. */
export const enumOf = <T extends string>(names: readonly T[]): Record<T, T> =>
  Object.freeze(Object.fromEntries(names.map((name) => [name, name]))) as Record<T, T>;

interface Entry {
  id: number;
  key: string;
  value: string | null;
  visibility: Visibility;
  type: 'ROW' | 'COLUMN';
  sheet: FakeSheet;
  /** 1-based row or column. */
  index: number;
}

/** Text users report for metadata on a range that is not a whole row or column (UNVERIFIED wording). */
export const ARBITRARY_RANGE_TEXT =
  'Adding developer metadata to arbitrary ranges is not currently supported. Developer metadata may only be added to the top-level spreadsheet, an individual sheet, or an entire row or column.';

export class MetadataRegistry {
  private entries: Entry[] = [];
  private nextId = 1_000;

  add(range: FakeRange, key: string, value: string | null, visibility: Visibility): void {
    const sheet = range.getSheet();
    const { row, column, numRows, numColumns } = range.rect;
    const wholeRow = numRows === 1 && column === 1 && numColumns === sheet.getMaxColumns();
    const wholeColumn = numColumns === 1 && row === 1 && numRows === sheet.getMaxRows();
    if (!wholeRow && !wholeColumn) sheet.runtime.fail(ARBITRARY_RANGE_TEXT);
    this.entries.push({
      id: this.nextId++,
      key,
      value,
      visibility,
      type: wholeRow ? 'ROW' : 'COLUMN',
      sheet,
      index: wholeRow ? row : column,
    });
  }

  /** Metadata of the range's rows (a range of whole rows) or columns (whole columns). */
  on(range: FakeRange): FakeDeveloperMetadata[] {
    const { row, column, numRows, numColumns } = range.rect;
    const sheet = range.getSheet();
    return this.entries
      .filter((e) => e.sheet === sheet)
      .filter((e) =>
        e.type === 'ROW'
          ? column === 1 && numColumns === sheet.getMaxColumns() && e.index >= row && e.index < row + numRows
          : row === 1 && numRows === sheet.getMaxRows() && e.index >= column && e.index < column + numColumns,
      )
      .map((e) => new FakeDeveloperMetadata(this, e));
  }

  find(sheet: FakeSheet | null, filter: FinderFilter): FakeDeveloperMetadata[] {
    return this.entries
      .filter((e) => sheet === null || e.sheet === sheet)
      .filter((e) => filter.key === undefined || e.key === filter.key)
      .filter((e) => filter.value === undefined || e.value === filter.value)
      .filter((e) => filter.id === undefined || e.id === filter.id)
      .filter((e) => filter.type === undefined || e.type === filter.type)
      .filter((e) => filter.visibility === undefined || e.visibility === filter.visibility)
      .map((e) => new FakeDeveloperMetadata(this, e));
  }

  remove(entry: Entry): void {
    this.entries = this.entries.filter((e) => e !== entry);
  }

  /** Rows inserted before `before` push the metadata of that row and the rows below it down. */
  inserted(sheet: FakeSheet, type: 'ROW' | 'COLUMN', before: number, count: number): void {
    for (const e of this.entries)
      if (e.sheet === sheet && e.type === type && e.index >= before) e.index += count;
  }

  /** Deleted rows take their metadata with them; the rows below move up. */
  deleted(sheet: FakeSheet, type: 'ROW' | 'COLUMN', start: number, count: number): void {
    this.entries = this.entries.filter(
      (e) => !(e.sheet === sheet && e.type === type && e.index >= start && e.index < start + count),
    );
    for (const e of this.entries)
      if (e.sheet === sheet && e.type === type && e.index >= start + count) e.index -= count;
  }
}

export interface FinderFilter {
  key?: string;
  value?: string;
  id?: number;
  type?: string;
  visibility?: string;
}

export class FakeDeveloperMetadataFinder {
  private readonly filter: FinderFilter = {};

  constructor(
    private readonly registry: MetadataRegistry,
    private readonly sheet: FakeSheet | null,
  ) {}

  withKey(key: string): FakeDeveloperMetadataFinder {
    this.filter.key = String(key);
    return this;
  }

  withValue(value: string): FakeDeveloperMetadataFinder {
    this.filter.value = String(value);
    return this;
  }

  withId(id: number): FakeDeveloperMetadataFinder {
    this.filter.id = Number(id);
    return this;
  }

  withLocationType(type: unknown): FakeDeveloperMetadataFinder {
    this.filter.type = String(type);
    return this;
  }

  withVisibility(visibility: unknown): FakeDeveloperMetadataFinder {
    this.filter.visibility = String(visibility);
    return this;
  }

  find(): FakeDeveloperMetadata[] {
    const found = this.registry.find(this.sheet, this.filter);
    const sheet = this.sheet ?? found[0]?.location().sheet;
    return sheet ? sheet.realm.array(found) : found;
  }

  toString(): string {
    return 'DeveloperMetadataFinder';
  }
}

export class FakeDeveloperMetadata {
  constructor(
    private readonly registry: MetadataRegistry,
    private readonly entry: Entry,
  ) {}

  getId(): number {
    return this.entry.id;
  }

  getKey(): string {
    return this.entry.key;
  }

  getValue(): string | null {
    return this.entry.value;
  }

  getVisibility(): Visibility {
    return this.entry.visibility;
  }

  setValue(value: string): FakeDeveloperMetadata {
    this.entry.value = String(value);
    return this;
  }

  getLocation(): FakeDeveloperMetadataLocation {
    return new FakeDeveloperMetadataLocation(this.entry);
  }

  remove(): void {
    this.entry.sheet.write('DeveloperMetadata.remove');
    this.registry.remove(this.entry);
  }

  location(): { sheet: FakeSheet; type: string; index: number } {
    return { sheet: this.entry.sheet, type: this.entry.type, index: this.entry.index };
  }

  toString(): string {
    return 'DeveloperMetadata';
  }
}

export class FakeDeveloperMetadataLocation {
  constructor(private readonly entry: Entry) {}

  getLocationType(): LocationType {
    return this.entry.type;
  }

  getSheet(): FakeSheet {
    return this.entry.sheet;
  }

  /** The whole row, or null when the location is not a row (DeveloperMetadataLocation.getRow). */
  getRow(): FakeRange | null {
    if (this.entry.type !== 'ROW') return null;
    const sheet = this.entry.sheet;
    return sheet.getRange(this.entry.index, 1, 1, sheet.getMaxColumns());
  }

  getColumn(): FakeRange | null {
    if (this.entry.type !== 'COLUMN') return null;
    const sheet = this.entry.sheet;
    return sheet.getRange(1, this.entry.index, sheet.getMaxRows(), 1);
  }

  toString(): string {
    return 'DeveloperMetadataLocation';
  }
}
