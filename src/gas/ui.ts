import { spreadsheetLocale } from './spreadsheet-info';

/** Dialogs, toasts, the menu and the sidebar: the only code that talks to SpreadsheetApp.getUi(). */

export function confirm(title: string, message: string): boolean {
  const ui = SpreadsheetApp.getUi();
  return ui.alert(title, message, ui.ButtonSet.YES_NO) === ui.Button.YES;
}

export function inform(title: string, message: string): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(title, message, ui.ButtonSet.OK);
}

export function toast(message: string, title: string): void {
  SpreadsheetApp.getActiveSpreadsheet().toast(message, title);
}

/** A menu item: its caption as shown (already translated) and the global function it calls. */
export interface AddonMenuItem {
  caption: string;
  functionName: string;
}

/**
 * The add-on menu, in order; null is a separator. createAddonMenu serves an installed add-on and a
 * script bound to one spreadsheet alike.
 */
export function installAddonMenu(items: ReadonlyArray<AddonMenuItem | null>): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of items) {
    if (item === null) menu.addSeparator();
    else menu.addItem(item.caption, item.functionName);
  }
  menu.addToUi();
}

/** `rewrite` may change the page's HTML before it is shown (e.g. which panel it opens on). */
export function showSidebar(file: string, title: string, rewrite: (html: string) => string = (h) => h): void {
  const html = HtmlService.createHtmlOutputFromFile(file).setTitle(title);
  html.setContent(rewrite(html.getContent()));
  SpreadsheetApp.getUi().showSidebar(html);
}

/**
 * The user's locale, or the spreadsheet's when the user's is empty; null when there is neither or the
 * user's cannot be read (onOpen in AuthMode.NONE may refuse the call).
 */
export function userLocale(): string | null {
  try {
    return Session.getActiveUserLocale() || spreadsheetLocale() || null;
  } catch {
    return null;
  }
}
