import { inform, installAddonMenu, toast, userLocale } from '../../gas/ui';
import { type Language, languageOf, type MessageKey, t } from '../../i18n';
import { clearCache } from '../cache/clear-cache';
import { testConnection } from '../connection/test-connection';
import { freezeSelection } from '../freeze/freeze-formulas';
import { appsScriptEnvironment } from '../predict/environment';

/**
 * The entry functions in src/index.ts that menu items call. index.ts keeps a map from each of these
 * names to its function, so a name here without a function there (or misspelt) fails the typecheck.
 */
export type MenuFunctionName =
  | 'menuPredictSelection'
  | 'menuRerunFailed'
  | 'menuFreezeFormulas'
  | 'menuSettings'
  | 'menuTestConnection'
  | 'menuClearCache'
  | 'menuHelp';

/** Captions (message keys) and the entry functions they call; null is a separator. */
export const MENU_ITEMS: ReadonlyArray<{ caption: MessageKey; functionName: MenuFunctionName } | null> = [
  { caption: 'menu.predictSelection', functionName: 'menuPredictSelection' },
  { caption: 'menu.rerunFailed', functionName: 'menuRerunFailed' },
  { caption: 'menu.freeze', functionName: 'menuFreezeFormulas' },
  null,
  { caption: 'menu.settings', functionName: 'menuSettings' },
  { caption: 'menu.testConnection', functionName: 'menuTestConnection' },
  { caption: 'menu.clearCache', functionName: 'menuClearCache' },
  null,
  { caption: 'menu.help', functionName: 'menuHelp' },
];

function language(): Language {
  return languageOf(userLocale());
}

/**
 * The add-on menu, captions in the user's language. It reads no properties, so it works in every auth
 * mode onOpen is called with (in NONE the locale may be unreadable: the menu is English then).
 */
export function installMenu(): void {
  const lang = language();
  installAddonMenu(
    MENU_ITEMS.map((item) => item && { caption: t(lang, item.caption), functionName: item.functionName }),
  );
}

export function clearCacheFromMenu(): void {
  clearCache();
  toast(t(language(), 'cache.cleared'), 'SheetBridge');
}

export function testConnectionFromMenu(): void {
  const lang = language();
  const report = testConnection(appsScriptEnvironment(), lang);
  const message = report.ok
    ? t(lang, 'connection.ok', {
        ms: report.latencyMs ?? '?',
        version: report.modelVersion ?? '?',
        signature: t(lang, `signature.${report.signature}`),
      })
    : t(lang, 'connection.failed', { message: report.message });
  inform('SheetBridge', message);
}

export function freezeFromMenu(): void {
  freezeSelection(language());
}

export function showHelp(): void {
  inform('SheetBridge', t(language(), 'help.text'));
}
