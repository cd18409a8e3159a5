import { SheetBridgeError } from './errors';
import type { SettingsReader } from './ports';
import { urlProblem } from './url-rules';

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

/** Why a value breaks its setting's rule: the sidebar words it in the user's language, errors in English. */
export type SettingProblem =
  | { kind: 'url'; reason: 'form' | 'trailing-slash' | 'private' }
  | { kind: 'name' }
  | { kind: 'whole-number'; min: number; max: number }
  | { kind: 'boolean' };

type Checked<T> = { value: T; problem?: undefined } | { value?: undefined; problem: SettingProblem };

function checkWholeNumber(raw: string, min: number, max: number): Checked<number> {
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < min || value > max)
    return { problem: { kind: 'whole-number', min, max } };
  return { value };
}

function checkBoolean(raw: string): Checked<boolean> {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === 'false') return { value: value === 'true' };
  return { problem: { kind: 'boolean' } };
}

function checkName(raw: string): Checked<string> {
  const value = raw.trim();
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value) ? { value } : { problem: { kind: 'name' } };
}

function checkUrl(raw: string): Checked<string> {
  const reason = urlProblem(raw.trim());
  return reason === null ? { value: raw.trim() } : { problem: { kind: 'url', reason } };
}

/** A set value (not blank) against its rule. The secret is taken as it is: any text may be one. */
function checkValue(rule: SettingRule, raw: string): Checked<Settings[keyof Settings]> {
  switch (rule.kind) {
    case 'url':
      return checkUrl(raw);
    case 'name':
      return checkName(raw);
    case 'whole-number':
      return checkWholeNumber(raw, rule.min, rule.max);
    case 'boolean':
      return checkBoolean(raw);
    case 'secret':
      return { value: raw };
  }
}

/** Null when `raw` is acceptable for the setting `key` (blank means "the default"); else why not. */
export function settingProblem(key: string, raw: string): SettingProblem | null {
  const rule = ruleFor(key);
  if (!rule || raw.trim() === '') return null;
  return checkValue(rule, raw).problem ?? null;
}

const URL_RULE =
  'an http:// or https:// address such as http://203.0.113.10 or https://api.example.com/ml, without a trailing slash';

/**
 * A refused value as its error may show it (every user of the spreadsheet sees error cells): at most 40
 * characters, and a URL without what may be a credential (user:password@, a query or a fragment).
 */
function shownValue(problem: SettingProblem, raw: string): string {
  const text =
    problem.kind === 'url' ? raw.replace(/\/\/[^/?#]*@/, '//...@').replace(/[?#][\s\S]*$/, '?...') : raw;
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/** The BAD_SETTING message: it names the key, the rule and what to do, and never shows a secret. */
export function settingProblemMessage(key: string, problem: SettingProblem, raw: string): string {
  const shown = shownValue(problem, raw);
  if (problem.kind === 'url' && problem.reason === 'private') {
    return `${key} is "${raw.trim()}", a private address. PREDICT calls the API from Google's servers, which cannot reach private addresses (10.x, 172.16-31.x, 192.168.x, 169.254.x, fc00::/7): use the load balancer's (NLB's) public IP or DNS name.`;
  }
  const rule = {
    url:
      problem.kind === 'url' && problem.reason === 'trailing-slash'
        ? `${URL_RULE} (remove the final "/")`
        : URL_RULE,
    name: 'a name of letters, digits, ".", "_" or "-" (at most 64)',
    'whole-number':
      problem.kind === 'whole-number' ? `a whole number from ${problem.min} to ${problem.max}` : '',
    boolean: '"true" or "false"',
  }[problem.kind];
  return `${key} must be ${rule}, but it is "${shown}". Fix it in the Apps Script project settings (Script Properties) or in the SheetBridge sidebar.`;
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

function readSetting(rule: SettingRule, script: SettingsReader, document?: SettingsReader) {
  // The secret is taken as it is: whitespace may be part of it, and it is never echoed in an error.
  if (rule.kind === 'secret') return script(rule.key) || null;
  const own = document && rule.scopes.includes('document') ? document(rule.key) : null;
  const raw = own !== null && own !== undefined && own.trim() !== '' ? own : script(rule.key);
  if (raw === null || raw === undefined || raw.trim() === '') return rule.defaultValue;
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
