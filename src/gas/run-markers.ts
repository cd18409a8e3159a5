import { columnLetter } from './spreadsheet';

/**
 * Marks a run's rows and columns with developer metadata on whole rows and columns, which Sheets moves
 * with them: "if developer metadata is associated with row 5 and another row is then subsequently
 * inserted above row 5, that original metadata will still be associated with the row it was first
 * associated with (what is now row 6). If the associated object is deleted its metadata is deleted
 * too" (Sheets API reference, spreadsheets.developerMetadata). Metadata may only sit on a whole row
 * or column, one each, so a run has one marker per edge it needs. PROJECT visibility keeps them to
 * this add-on. Nothing promises that metadata follows a sort: sorting is handled by content.
 */
const MARKER_KEY = 'sheetbridge.run';

export type MarkerName = 'firstRow' | 'lastRow' | 'inputColumn' | 'outputColumn' | 'idColumn';

export type RunMarkers = Partial<Record<MarkerName, number>>;

const ROW_MARKERS: ReadonlySet<MarkerName> = new Set(['firstRow', 'lastRow']);

function sheetNamed(sheetName: string): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(sheetName);
  if (!sheet) throw new Error(`The sheet "${sheetName}" no longer exists.`);
  return sheet;
}

/** Removes every run marker of the spreadsheet: a run leaves none behind, a new one starts clean. */
export function removeRunMarkers(): void {
  for (const metadata of SpreadsheetApp.getActiveSpreadsheet()
    .createDeveloperMetadataFinder()
    .withKey(MARKER_KEY)
    .find()) {
    metadata.remove();
  }
}

export function placeRunMarkers(jobId: string, sheetName: string, markers: RunMarkers): void {
  removeRunMarkers();
  const sheet = sheetNamed(sheetName);
  for (const [name, position] of Object.entries(markers) as Array<[MarkerName, number | undefined]>) {
    if (position === undefined) continue;
    const whole = ROW_MARKERS.has(name)
      ? `${position}:${position}`
      : `${columnLetter(position)}:${columnLetter(position)}`;
    sheet
      .getRange(whole)
      .addDeveloperMetadata(
        MARKER_KEY,
        `${jobId}:${name}`,
        SpreadsheetApp.DeveloperMetadataVisibility.PROJECT,
      );
  }
}

/** Where the markers of a run are now; a marker whose row or column was deleted is absent. */
export function findRunMarkers(jobId: string, sheetName: string): RunMarkers {
  const found: RunMarkers = {};
  for (const metadata of sheetNamed(sheetName).createDeveloperMetadataFinder().withKey(MARKER_KEY).find()) {
    const [owner, name] = String(metadata.getValue()).split(':') as [string, MarkerName];
    if (owner !== jobId) continue;
    const location = metadata.getLocation();
    const position = ROW_MARKERS.has(name) ? location.getRow()?.getRow() : location.getColumn()?.getColumn();
    if (position !== undefined) found[name] = position;
  }
  return found;
}
