/**
 * Client-side checks of the settings form. Whether a value is valid is decided by the server's own
 * rules (loadSettings in src/core/settings.ts, which is free of Apps Script globals), so the sidebar
 * and the server cannot disagree; only the wording is the sidebar's, in the user's language.
 */
import { isPrivateAddressUrl, loadSettings, SETTING_KEYS } from '../../core/settings';
import type { MessageKey } from '../i18n';

export interface FieldProblem {
  key: MessageKey;
  params: Record<string, string | number>;
}

type Kind = 'url' | 'name' | 'number' | 'boolean';

const KINDS: Record<string, Kind> = {
  [SETTING_KEYS.baseUrl]: 'url',
  [SETTING_KEYS.keyId]: 'name',
  [SETTING_KEYS.model]: 'name',
  [SETTING_KEYS.batchRows]: 'number',
  [SETTING_KEYS.parallel]: 'number',
  [SETTING_KEYS.maxAttempts]: 'number',
  [SETTING_KEYS.cacheTtlS]: 'number',
  [SETTING_KEYS.lockSettings]: 'boolean',
};

function problemFor(settingKey: string, raw: string, detail: string): FieldProblem {
  switch (KINDS[settingKey]) {
    case 'url':
      if (isPrivateAddressUrl(raw)) return { key: 'sidebar.invalid.urlPrivate', params: {} };
      return {
        key: raw.trim().endsWith('/') ? 'sidebar.invalid.urlSlash' : 'sidebar.invalid.url',
        params: {},
      };
    case 'name':
      return { key: 'sidebar.invalid.name', params: {} };
    case 'boolean':
      return { key: 'sidebar.invalid.boolean', params: {} };
    case 'number': {
      // The range lives in core/settings.ts only; take it from its message rather than copy it here.
      const range = /from (\d+) to (\d+)/.exec(detail);
      if (range)
        return { key: 'sidebar.invalid.number', params: { min: range[1] ?? '', max: range[2] ?? '' } };
      return { key: 'sidebar.invalid.generic', params: { detail } };
    }
    default:
      return { key: 'sidebar.invalid.generic', params: { detail } };
  }
}

/** Null when `raw` is acceptable for `settingKey`; an empty value is fine (it means "the default"). */
export function checkSetting(settingKey: string, raw: string): FieldProblem | null {
  if (raw.trim() === '') return null;
  try {
    // Only this key has a value, so any error is about it.
    loadSettings((key) => (key === settingKey ? raw : null));
    return null;
  } catch (error) {
    return problemFor(settingKey, raw, error instanceof Error ? error.message : String(error));
  }
}

/** A column letter for the run's target: A to ZZZ (Sheets stops at 18,278 columns, ZZZ). */
export function checkTargetColumn(raw: string): FieldProblem | null {
  const value = raw.trim();
  return value === '' || /^[A-Za-z]{1,3}$/.test(value) ? null : { key: 'sidebar.invalid.column', params: {} };
}
