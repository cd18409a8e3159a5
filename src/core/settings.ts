import { SheetBridgeError } from './errors';
import type { SettingsReader } from './ports';
import { checkValue, type SettingProblem, settingProblemMessage } from './setting-checks';

/** The deployment's settings after validation. Keys and defaults: DESIGN.md "Settings". */
export interface Settings {
  baseUrl: string | null;
  keyId: string;
  secret: string | null;
  model: string;
  batchRows: number;
  parallel: number;
  maxAttempts: number;
  cacheTtlS: number;
  lockSettings: boolean;
}

export const SETTING_KEYS = {
  baseUrl: 'SHEETBRIDGE_BASE_URL',
  keyId: 'SHEETBRIDGE_KEY_ID',
  secret: 'SHEETBRIDGE_SECRET',
  model: 'SHEETBRIDGE_MODEL',
  batchRows: 'SHEETBRIDGE_BATCH_ROWS',
  parallel: 'SHEETBRIDGE_PARALLEL',
  maxAttempts: 'SHEETBRIDGE_MAX_ATTEMPTS',
  cacheTtlS: 'SHEETBRIDGE_CACHE_TTL_S',
  lockSettings: 'SHEETBRIDGE_LOCK_SETTINGS',
} as const;

/** Apps Script's cache keeps entries at most 6 h (PLATFORM.md); a longer TTL would only mislead. */
export const MAX_CACHE_TTL_S = 21_600;

/**
 * Where a setting may be set: 'script' is Script Properties, for every user of the deployment;
 * 'document' is one spreadsheet's Document Properties, which override the script's value there.
 */
export type SettingScope = 'script' | 'document';

interface RuleCommon<F extends keyof Settings> {
  field: F;
  key: (typeof SETTING_KEYS)[F];
  /**
   * Where it may be set. Only the model, the batch size and the parallel width list 'document' (a
   * spreadsheet may override them, DESIGN.md "Settings"); the sidebar saves nothing else there.
   */
  scopes: readonly SettingScope[];
  /** Changing it makes the answers cached so far another API's or key's: the cache starts anew. */
  newCacheGeneration: boolean;
}

/** One setting's rule: what it holds, what values are allowed, what it is when unset. */
export type SettingRule =
  | (RuleCommon<'baseUrl'> & { kind: 'url'; defaultValue: null })
  | (RuleCommon<'keyId' | 'model'> & { kind: 'name'; defaultValue: string })
  | (RuleCommon<'secret'> & { kind: 'secret'; defaultValue: null })
  | (RuleCommon<'batchRows' | 'parallel' | 'maxAttempts' | 'cacheTtlS'> & {
      kind: 'whole-number';
      min: number;
      max: number;
      defaultValue: number;
    })
  | (RuleCommon<'lockSettings'> & { kind: 'boolean'; defaultValue: boolean });

const SCRIPT_ONLY: readonly SettingScope[] = ['script'];
const ANY_SCOPE: readonly SettingScope[] = ['script', 'document'];

/**
 * Every setting, in the order a maintainer fills them in: where, who signs, what, how much. This table
 * drives loadSettings, the sidebar's field checks and its form; defaults are DESIGN.md's.
 */
export const SETTING_RULES: readonly SettingRule[] = [
  {
    field: 'baseUrl',
    key: SETTING_KEYS.baseUrl,
    kind: 'url',
    defaultValue: null,
    scopes: SCRIPT_ONLY,
    newCacheGeneration: true,
  },
  {
    field: 'keyId',
    key: SETTING_KEYS.keyId,
    kind: 'name',
    defaultValue: 'default',
    scopes: SCRIPT_ONLY,
    newCacheGeneration: true,
  },
  {
    field: 'secret',
    key: SETTING_KEYS.secret,
    kind: 'secret',
    defaultValue: null,
    scopes: SCRIPT_ONLY,
    newCacheGeneration: true,
  },
  {
    field: 'model',
    key: SETTING_KEYS.model,
    kind: 'name',
    defaultValue: 'default',
    scopes: ANY_SCOPE,
    newCacheGeneration: false,
  },
  {
    field: 'batchRows',
    key: SETTING_KEYS.batchRows,
    kind: 'whole-number',
    min: 1,
    max: 5000,
    defaultValue: 500,
    scopes: ANY_SCOPE,
    newCacheGeneration: false,
  },
  {
    field: 'parallel',
    key: SETTING_KEYS.parallel,
    kind: 'whole-number',
    min: 1,
    max: 50,
    defaultValue: 10,
    scopes: ANY_SCOPE,
    newCacheGeneration: false,
  },
  {
    field: 'maxAttempts',
    key: SETTING_KEYS.maxAttempts,
    kind: 'whole-number',
    min: 1,
    max: 10,
    defaultValue: 3,
    scopes: SCRIPT_ONLY,
    newCacheGeneration: false,
  },
  {
    field: 'cacheTtlS',
    key: SETTING_KEYS.cacheTtlS,
    kind: 'whole-number',
    min: 0,
    max: MAX_CACHE_TTL_S,
    defaultValue: MAX_CACHE_TTL_S,
    scopes: SCRIPT_ONLY,
    newCacheGeneration: false,
  },
  {
    field: 'lockSettings',
    key: SETTING_KEYS.lockSettings,
    kind: 'boolean',
    defaultValue: false,
    scopes: SCRIPT_ONLY,
    newCacheGeneration: false,
  },
];

function ruleFor(key: string): SettingRule | undefined {
  return SETTING_RULES.find((rule) => rule.key === key);
}

/** Whether `key` may be set in `scope`; false for a key that is no setting. */
export function mayBeSetIn(key: string, scope: SettingScope): boolean {
  return ruleFor(key)?.scopes.includes(scope) ?? false;
}

/** Whether a spreadsheet may override `key` in its Document Properties. */
export function isDocumentOverridable(key: string): boolean {
  return mayBeSetIn(key, 'document');
}

/** Null when `raw` is acceptable for the setting `key` (blank means "the default"); else why not. */
export function settingProblem(key: string, raw: string): SettingProblem | null {
  const rule = ruleFor(key);
  if (!rule || raw.trim() === '') return null;
  return checkValue(rule, raw).problem ?? null;
}

/**
 * Reads and validates every setting. `document` overrides only the per-spreadsheet keys. A bad value is
 * an error naming the key, never silently replaced by the default.
 */
export function loadSettings(script: SettingsReader, document?: SettingsReader): Settings {
  const settings: Partial<Record<keyof Settings, Settings[keyof Settings]>> = {};
  for (const rule of SETTING_RULES) {
    settings[rule.field] = readSetting(rule, script, document);
  }
  return settings as Settings;
}

/** A value that is there: a blank one means "unset" in either store. */
function isSet(value: string | null): value is string {
  return value !== null && value.trim() !== '';
}

function readSetting(rule: SettingRule, script: SettingsReader, document?: SettingsReader) {
  const own = document && rule.scopes.includes('document') ? document(rule.key) : null;
  const raw = isSet(own) ? own : script(rule.key);
  if (!isSet(raw)) return rule.defaultValue;
  const checked = checkValue(rule, raw);
  if (checked.problem) {
    throw new SheetBridgeError('BAD_SETTING', settingProblemMessage(rule.key, checked.problem, raw));
  }
  return checked.value;
}

/** The base URL, or the whole-call error that tells the user how to set it. */
export function requireBaseUrl(settings: Settings): string {
  if (settings.baseUrl === null) {
    throw new SheetBridgeError(
      'NOT_CONFIGURED',
      `SheetBridge is not connected to an API yet: set ${SETTING_KEYS.baseUrl} (for example http://203.0.113.10) in the Apps Script project settings or the SheetBridge sidebar.`,
    );
  }
  return settings.baseUrl;
}
