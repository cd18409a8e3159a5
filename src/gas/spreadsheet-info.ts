import type { ZoneOffset } from '../core/values';

/**
 * What PREDICT reads of the spreadsheet itself. Custom functions may read the spreadsheet (read-only),
 * but not Session's user data: the spreadsheet's locale and time zone are the ones to use.
 */

export function spreadsheetLocale(): string | null {
  try {
    return SpreadsheetApp.getActiveSpreadsheet()?.getSpreadsheetLocale() ?? null;
  } catch {
    return null;
  }
}

/**
 * The spreadsheet's UTC offset at an instant, from Utilities.formatDate's "Z" (+0900): the time zone
 * is read on the first date only, so a sheet without dates never pays for it. Falls back to the
 * script's time zone when the spreadsheet cannot be read.
 */
export function spreadsheetZoneOffset(): ZoneOffset {
  let zone: string | undefined;
  return (epochMs) => {
    if (zone === undefined) {
      try {
        zone = SpreadsheetApp.getActiveSpreadsheet()?.getSpreadsheetTimeZone() || Session.getScriptTimeZone();
      } catch {
        zone = Session.getScriptTimeZone();
      }
    }
    const text = Utilities.formatDate(new Date(epochMs), zone, 'Z');
    const match = /^([+-])(\d{2})(\d{2})$/.exec(text);
    if (!match) return 0;
    const minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === '-' ? -minutes : minutes;
  };
}
