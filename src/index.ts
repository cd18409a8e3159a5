/**
 * The only file Apps Script sees by name. Each entry function is a thin wrapper assigned to `global`
 * so that esbuild-gas-plugin writes a top-level stub for it (with this JSDoc, which Sheets needs to
 * autocomplete custom functions). No logic here.
 */
import {
  clearCacheFromMenu,
  freezeFromMenu,
  installMenu,
  type MenuFunctionName,
  showHelp,
  testConnectionFromMenu,
} from './features/menu/menu';
import { predictFunction } from './features/predict/predict-function';
import type { SaveSettingsRequest, SidebarApi, StartJobRequest } from './features/sidebar/rpc-types';
import { openSidebar, sidebarServer } from './features/sidebar/sidebar-server';

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

/** Menu: opens the sidebar, where a run over the selection is started and followed. */
function menuPredictSelection() {
  openSidebar('run');
}

/** Menu: opens the sidebar's run panel with "Rerun failed rows" (only rows showing #ERROR) as its action. */
function menuRerunFailed() {
  openSidebar('rerun');
}

/** Menu: replaces PREDICT formulas in the selection by their values, after confirming. */
function menuFreezeFormulas() {
  freezeFromMenu();
}

/** Menu: opens the sidebar on its settings. */
function menuSettings() {
  openSidebar('settings');
}

/** Menu: checks the API's health, version and signatures, and says what it found. */
function menuTestConnection() {
  testConnectionFromMenu();
}

/** Menu: starts a new cache generation so that the next calculation asks the API again. */
function menuClearCache() {
  clearCacheFromMenu();
}

/** Menu: shows how to use SheetBridge. */
function menuHelp() {
  showHelp();
}

/** Sidebar: settings, selection and any run in progress. */
function sidebarGetState(): ReturnType<SidebarApi['sidebarGetState']> {
  return sidebarServer.sidebarGetState();
}

/** Sidebar: validates and saves settings (the secret write-only). */
function sidebarSaveSettings(request: SaveSettingsRequest): ReturnType<SidebarApi['sidebarSaveSettings']> {
  return sidebarServer.sidebarSaveSettings(request);
}

/** Sidebar: latency, model version and signature check against the API. */
function sidebarTestConnection(): ReturnType<SidebarApi['sidebarTestConnection']> {
  return sidebarServer.sidebarTestConnection();
}

/** Sidebar: checks the selection and the target cells and records a new run. */
function sidebarStartJob(request: StartJobRequest): ReturnType<SidebarApi['sidebarStartJob']> {
  return sidebarServer.sidebarStartJob(request);
}

/** Sidebar: runs the next slice of a run (one execution, well under 6 minutes). */
function sidebarRunSlice(jobId: string): ReturnType<SidebarApi['sidebarRunSlice']> {
  return sidebarServer.sidebarRunSlice(jobId);
}

/** Sidebar: stops a run; rows already written stay. */
function sidebarCancelJob(jobId: string): ReturnType<SidebarApi['sidebarCancelJob']> {
  return sidebarServer.sidebarCancelJob(jobId);
}

/**
 * Every menu item's function, under the name the menu calls it by: a MenuFunctionName without its
 * function here fails the typecheck, and a test checks each is a top-level function of the bundle.
 */
export const MENU_FUNCTIONS: Record<MenuFunctionName, () => void> = {
  menuPredictSelection,
  menuRerunFailed,
  menuFreezeFormulas,
  menuSettings,
  menuTestConnection,
  menuClearCache,
  menuHelp,
};

global.PREDICT = PREDICT;
global.onOpen = onOpen;
global.onInstall = onInstall;
global.menuPredictSelection = menuPredictSelection;
global.menuRerunFailed = menuRerunFailed;
global.menuFreezeFormulas = menuFreezeFormulas;
global.menuSettings = menuSettings;
global.menuTestConnection = menuTestConnection;
global.menuClearCache = menuClearCache;
global.menuHelp = menuHelp;
global.sidebarGetState = sidebarGetState;
global.sidebarSaveSettings = sidebarSaveSettings;
global.sidebarTestConnection = sidebarTestConnection;
global.sidebarStartJob = sidebarStartJob;
global.sidebarRunSlice = sidebarRunSlice;
global.sidebarCancelJob = sidebarCancelJob;
