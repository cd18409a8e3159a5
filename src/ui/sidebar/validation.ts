/**
 * Client-side checks of the settings form. Whether a value is valid is decided by the rules table the
 * server applies (SETTING_RULES in src/core/settings.ts, free of Apps Script globals), so the sidebar
 * and the server cannot disagree; only the wording is the sidebar's, in the user's language.
 */
import type { SettingProblem } from '../../core/setting-checks';
import { settingProblem } from '../../core/settings';
import type { MessageKey } from '../../i18n';

export interface FieldProblem {
  key: MessageKey;
  params: Record<string, string | number>;
}

const URL_MESSAGES: Record<Extract<SettingProblem, { kind: 'url' }>['reason'], MessageKey> = {
  form: 'sidebar.invalid.url',
  'trailing-slash': 'sidebar.invalid.urlSlash',
  private: 'sidebar.invalid.urlPrivate',
};

function wordingOf(problem: SettingProblem): FieldProblem {
  switch (problem.kind) {
    case 'url':
      return { key: URL_MESSAGES[problem.reason], params: {} };
    case 'name':
      return { key: 'sidebar.invalid.name', params: {} };
    case 'boolean':
      return { key: 'sidebar.invalid.boolean', params: {} };
    case 'whole-number':
      return { key: 'sidebar.invalid.number', params: { min: problem.min, max: problem.max } };
  }
}

/** Null when `raw` is acceptable for `settingKey`; an empty value is fine (it means "the default"). */
export function checkSetting(settingKey: string, raw: string): FieldProblem | null {
  const problem = settingProblem(settingKey, raw);
  return problem && wordingOf(problem);
}

/** A column letter for the run's target: A to ZZZ (Sheets stops at 18,278 columns, ZZZ). */
export function checkTargetColumn(raw: string): FieldProblem | null {
  const value = raw.trim();
  return value === '' || /^[A-Za-z]{1,3}$/.test(value) ? null : { key: 'sidebar.invalid.column', params: {} };
}
