/**
 * The only file Apps Script sees by name. Each entry function is a thin wrapper assigned to `global`
 * so that esbuild-gas-plugin writes a top-level stub for it (with this JSDoc, which Sheets needs to
 * autocomplete custom functions). No logic here.
 */
import { clearCacheFromMenu, installMenu, showHelp } from './features/menu/menu';
import { predictFunction } from './features/predict/predict-function';

declare const global: Record<string, unknown>;

/**
 * Sends rows to the team's prediction API and returns one result row per input row.
 * Blank rows give blank results; a row that fails shows "#ERROR CODE: message".
 *
 * @param {Array} rows The input rows: a single row or a whole range.
 * @param {string} model Optional. The model's name; the default model when left out.
 * @param {boolean} has_header Optional. TRUE when the first row of the range holds column names.
 * @return The predictions, one row per input row.
 * @customfunction
 */
function PREDICT(rows: unknown, model?: unknown, has_header?: unknown) {
  return predictFunction(rows, model, has_header);
}

/** Adds the SheetBridge menu when the spreadsheet opens. */
function onOpen() {
  installMenu();
}

/** Adds the menu right after the add-on is installed (onOpen does not run then). */
function onInstall() {
  installMenu();
}

/** Menu: starts a new cache generation so that the next calculation asks the API again. */
function menuClearCache() {
  clearCacheFromMenu();
}

/** Menu: shows how to use SheetBridge. */
function menuHelp() {
  showHelp();
}

global.PREDICT = PREDICT;
global.onOpen = onOpen;
global.onInstall = onInstall;
global.menuClearCache = menuClearCache;
global.menuHelp = menuHelp;
