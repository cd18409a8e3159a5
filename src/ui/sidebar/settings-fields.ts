/** How each setting of the rules table (src/core/settings.ts) is shown: its label, help line and input. */
import { SETTING_RULES, type SettingRule, type Settings } from '../../core/settings';
import type { MessageKey } from '../../i18n';

type ShownField = Exclude<keyof Settings, 'secret'>;

export interface FieldSpec {
  key: string;
  label: MessageKey;
  help: MessageKey;
  input: 'url' | 'text' | 'number' | 'model' | 'boolean';
}

/** The secret has no field: it has its own write-only section. */
const INPUT_OF_KIND: Record<Exclude<SettingRule['kind'], 'secret'>, FieldSpec['input']> = {
  url: 'url',
  name: 'text',
  'whole-number': 'number',
  boolean: 'boolean',
};

function inputOf(rule: Exclude<SettingRule, { kind: 'secret' }>): FieldSpec['input'] {
  // The model is a name, but the picker offers the API's own model list once connected.
  if (rule.field === 'model') return 'model';
  return INPUT_OF_KIND[rule.kind];
}

/**
 * In the table's order. The secret is not a field: it has its own write-only section. The message keys
 * are built from the field names, so a setting added to the table without its catalogue entries fails
 * the typecheck here.
 */
export const FIELD_SPECS: readonly FieldSpec[] = SETTING_RULES.flatMap((rule) => {
  if (rule.kind === 'secret') return [];
  const field: ShownField = rule.field;
  return [
    {
      key: rule.key,
      label: `sidebar.setting.${field}.label` satisfies MessageKey,
      help: `sidebar.setting.${field}.help` satisfies MessageKey,
      input: inputOf(rule),
    },
  ];
});

export function specFor(key: string): FieldSpec | undefined {
  return FIELD_SPECS.find((spec) => spec.key === key);
}
