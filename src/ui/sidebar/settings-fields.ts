/** How each setting of DESIGN.md "Settings" is shown: its label, help line and input. */
import { SETTING_KEYS } from '../../core/settings';
import type { MessageKey } from '../i18n';

export interface FieldSpec {
  key: string;
  label: MessageKey;
  help: MessageKey;
  input: 'url' | 'text' | 'number' | 'model' | 'boolean';
}

/** In the order a maintainer fills them in: where, who signs, what, how much. */
export const FIELD_SPECS: readonly FieldSpec[] = [
  {
    key: SETTING_KEYS.baseUrl,
    label: 'sidebar.setting.baseUrl.label',
    help: 'sidebar.setting.baseUrl.help',
    input: 'url',
  },
  {
    key: SETTING_KEYS.keyId,
    label: 'sidebar.setting.keyId.label',
    help: 'sidebar.setting.keyId.help',
    input: 'text',
  },
  {
    key: SETTING_KEYS.model,
    label: 'sidebar.setting.model.label',
    help: 'sidebar.setting.model.help',
    input: 'model',
  },
  {
    key: SETTING_KEYS.batchRows,
    label: 'sidebar.setting.batchRows.label',
    help: 'sidebar.setting.batchRows.help',
    input: 'number',
  },
  {
    key: SETTING_KEYS.parallel,
    label: 'sidebar.setting.parallel.label',
    help: 'sidebar.setting.parallel.help',
    input: 'number',
  },
  {
    key: SETTING_KEYS.maxAttempts,
    label: 'sidebar.setting.maxAttempts.label',
    help: 'sidebar.setting.maxAttempts.help',
    input: 'number',
  },
  {
    key: SETTING_KEYS.cacheTtlS,
    label: 'sidebar.setting.cacheTtlS.label',
    help: 'sidebar.setting.cacheTtlS.help',
    input: 'number',
  },
  {
    key: SETTING_KEYS.lockSettings,
    label: 'sidebar.setting.lockSettings.label',
    help: 'sidebar.setting.lockSettings.help',
    input: 'boolean',
  },
];

export function specFor(key: string): FieldSpec | undefined {
  return FIELD_SPECS.find((spec) => spec.key === key);
}
