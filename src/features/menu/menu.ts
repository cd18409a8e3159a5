import { clearCache } from '../cache/clear-cache';

/** Captions and the entry functions (in src/index.ts) they call. */
export const MENU_ITEMS = [
  { caption: 'Clear cache', functionName: 'menuClearCache' },
  { caption: 'Help', functionName: 'menuHelp' },
] as const;

/**
 * The add-on menu. createAddonMenu works for an installed add-on and for a script bound to one
 * spreadsheet alike; it reads no properties, so it works in every auth mode onOpen is called with.
 */
export function installMenu(): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) menu.addItem(item.caption, item.functionName);
  menu.addToUi();
}

export function clearCacheFromMenu(): void {
  clearCache();
  SpreadsheetApp.getActiveSpreadsheet().toast(
    'SheetBridge cache cleared: the next calculation asks the API again.',
    'SheetBridge',
  );
}

export const HELP_TEXT = [
  'Use =PREDICT(A2:H100) to send rows to the prediction API; one result row comes back per input row.',
  '=PREDICT(A1:H100, "default", TRUE) names the model and says the first row holds column names.',
  'Rows that fail show "#ERROR CODE: message" in their own cells; see docs/runbook.md for each code.',
].join('\n');

export function showHelp(): void {
  SpreadsheetApp.getUi().alert('SheetBridge', HELP_TEXT, SpreadsheetApp.getUi().ButtonSet.OK);
}
