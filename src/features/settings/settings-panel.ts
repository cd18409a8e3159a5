import type { SettingsReader } from '../../core/ports';
import { settingProblemMessage } from '../../core/setting-checks';
import {
  isDocumentOverridable,
  mayBeSetIn,
  SETTING_KEYS,
  SETTING_RULES,
  settingProblem,
} from '../../core/settings';
import { languageOf } from '../../i18n';
import type {
  SaveSettingsRequest,
  SaveSettingsResult,
  SettingView,
  SidebarState,
} from '../sidebar/rpc-types';

/** The sidebar's view of the settings, and saving them with the same validation PREDICT applies. */

export interface SettingsStores {
  script: SettingsReader;
  document: SettingsReader;
  writeScript(values: Record<string, string | null>): void;
  writeDocument(values: Record<string, string | null>): void;
  /** Called when answers cached so far may no longer be right (another API, key or secret). */
  invalidateCache(): void;
}

/** Changing one of these makes earlier answers someone else's: the cache starts a new generation. */
const CACHE_RELEVANT: ReadonlySet<string> = new Set(
  SETTING_RULES.filter((rule) => rule.newCacheGeneration).map((rule) => rule.key),
);

/** Every setting the sidebar shows (all but the write-only secret), with its default as text ('' for none). */
export const DEFAULTS: Record<string, string> = Object.fromEntries(
  SETTING_RULES.filter((rule) => rule.kind !== 'secret').map((rule) => [
    rule.key,
    rule.defaultValue === null ? '' : String(rule.defaultValue),
  ]),
);

export const VISIBLE_KEYS = Object.keys(DEFAULTS);

/** Reads the lock flag leniently: a bad value must not unlock, so anything but "false" locks. */
export function settingsLocked(script: SettingsReader): boolean {
  const raw = script(SETTING_KEYS.lockSettings);
  return raw !== null && raw.trim() !== '' && raw.trim().toLowerCase() !== 'false';
}

export function settingViews(stores: SettingsStores): SettingView[] {
  const locked = settingsLocked(stores.script);
  return VISIBLE_KEYS.map((key) => {
    const own = isDocumentOverridable(key) ? stores.document(key) : null;
    const shared = stores.script(key);
    const source = own ? 'document' : shared ? 'script' : 'default';
    return {
      key,
      value: own || shared || (DEFAULTS[key] as string),
      defaultValue: DEFAULTS[key] as string,
      source,
      editable: isDocumentOverridable(key) || !locked,
    };
  });
}

export function baseState(
  stores: SettingsStores,
  locale: string | null,
): Omit<SidebarState, 'selection' | 'job'> {
  return {
    language: languageOf(locale),
    settings: settingViews(stores),
    secretSet: (stores.script(SETTING_KEYS.secret) ?? '') !== '',
    locked: settingsLocked(stores.script),
  };
}

function validationError(key: string, value: string): string | null {
  const problem = settingProblem(key, value);
  return problem && settingProblemMessage(key, problem, value);
}

/** Validates every value first and writes nothing unless all of them are good. */
export function saveSettings(
  request: SaveSettingsRequest,
  stores: SettingsStores,
): SaveSettingsResult | null {
  const errors: Record<string, string> = {};
  const locked = settingsLocked(stores.script);
  for (const [key, raw] of Object.entries(request.values)) {
    const value = String(raw).trim();
    if (!VISIBLE_KEYS.includes(key)) errors[key] = `${key} is not a SheetBridge setting.`;
    else if (!mayBeSetIn(key, request.scope)) {
      errors[key] = `${key} applies to every user: it can only be set for all users (script scope).`;
    } else if (request.scope === 'script' && locked) {
      errors[key] =
        `Settings are locked (${SETTING_KEYS.lockSettings}=true): a maintainer changes them in the Apps Script project settings.`;
    } else {
      const problem = validationError(key, value);
      if (problem) errors[key] = problem;
    }
  }
  if (request.secret !== undefined && (locked || request.scope !== 'script')) {
    errors[SETTING_KEYS.secret] =
      'The secret can only be changed for all users, and not while settings are locked.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const values: Record<string, string | null> = {};
  for (const [key, raw] of Object.entries(request.values)) values[key] = String(raw).trim() || null;
  if (request.scope === 'document') stores.writeDocument(values);
  else {
    if (request.secret !== undefined)
      values[SETTING_KEYS.secret] = request.secret === '' ? null : request.secret;
    stores.writeScript(values);
    if (Object.keys(values).some((key) => CACHE_RELEVANT.has(key))) {
      stores.invalidateCache();
    }
  }
  return null; // saved: the caller answers with the fresh state
}
