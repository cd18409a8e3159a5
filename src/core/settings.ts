import { SheetBridgeError } from './errors';
import type { SettingsReader } from './ports';

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

/** Settings a spreadsheet's Document Properties may override; never the URL or the secret. */
export const DOCUMENT_OVERRIDABLE: ReadonlySet<string> = new Set([
  SETTING_KEYS.model,
  SETTING_KEYS.batchRows,
  SETTING_KEYS.parallel,
]);

/** CacheService keeps entries at most 6 h (PLATFORM.md); a longer TTL would only mislead. */
export const MAX_CACHE_TTL_S = 21_600;

/** Defaults of DESIGN.md, in one place: PREDICT, the sidebar and its tests all read them here. */
export const SETTING_DEFAULTS = {
  keyId: 'default',
  model: 'default',
  batchRows: 500,
  parallel: 10,
  maxAttempts: 3,
  cacheTtlS: MAX_CACHE_TTL_S,
  lockSettings: false,
} as const;

function badSetting(key: string, rule: string, raw: string): SheetBridgeError {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
  return new SheetBridgeError(
    'BAD_SETTING',
    `${key} must be ${rule}, but it is "${shown}". Fix it in the Apps Script project settings (Script Properties) or in the SheetBridge sidebar.`,
  );
}

function parseWholeNumber(key: string, raw: string, min: number, max: number): number {
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) throw badSetting(key, `a whole number from ${min} to ${max}`, raw);
  const value = Number(trimmed);
  if (value < min || value > max) throw badSetting(key, `a whole number from ${min} to ${max}`, raw);
  return value;
}

/** http(s)://host[:port][/path]; the host is a name, an IPv4 address or a bracketed IPv6 address. */
const BASE_URL_PATTERN = /^(https?):\/\/([^/?#\s:@[\]]+|\[[0-9a-f:.]+\])(:\d{1,5})?(\/[^?#\s]*)?$/i;

/**
 * Whether a base URL's host is a literal private address: 10/8, 172.16/12, 192.168/16, 169.254/16 or
 * fc00::/7. UrlFetch runs on Google's servers, which cannot reach them, so such a URL can only fail
 * (after every retry, as UNAVAILABLE cells). Loopback stays allowed: local runs and the tests use it.
 * Host names are not resolved: a name that points at a private address is the deployment's to fix.
 */
export function isPrivateAddressUrl(url: string): boolean {
  const host = BASE_URL_PATTERN.exec(url.trim())?.[2]?.toLowerCase();
  if (host === undefined) return false;
  if (host.startsWith('[')) return /^\[f[cd][0-9a-f]{2}:/.test(host); // fc00::/7: the first group is fcXX or fdXX
  const octets = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (!octets) return false;
  const first = Number(octets[1]);
  const second = Number(octets[2]);
  return (
    first === 10 ||
    (first === 172 && second >= 16 && second <= 31) ||
    (first === 192 && second === 168) ||
    (first === 169 && second === 254)
  );
}

/** Accepts http(s)://host[:port][/path] without a trailing slash, query or fragment. */
export function validateBaseUrl(raw: string): string {
  const key = SETTING_KEYS.baseUrl;
  const value = raw.trim();
  const rule =
    'an http:// or https:// address such as http://203.0.113.10 or https://api.example.com/ml, without a trailing slash';
  const match = BASE_URL_PATTERN.exec(value);
  if (!match) throw badSetting(key, rule, raw);
  if (value.endsWith('/')) throw badSetting(key, `${rule} (remove the final "/")`, raw);
  const port = match[3] ? Number(match[3].slice(1)) : null;
  if (port !== null && (port < 1 || port > 65_535)) throw badSetting(key, rule, raw);
  if (isPrivateAddressUrl(value)) {
    throw new SheetBridgeError(
      'BAD_SETTING',
      `${key} is "${value}", a private address. PREDICT calls the API from Google's servers, which cannot reach private addresses (10.x, 172.16-31.x, 192.168.x, 169.254.x, fc00::/7): use the load balancer's (NLB's) public IP or DNS name.`,
    );
  }
  return value;
}

function parseBoolean(key: string, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badSetting(key, '"true" or "false"', raw);
}

function parseName(key: string, raw: string): string {
  const value = raw.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value)) {
    throw badSetting(key, 'a name of letters, digits, ".", "_" or "-" (at most 64)', raw);
  }
  return value;
}

/**
 * Reads and validates every setting. `document` overrides only the per-spreadsheet keys. A bad value is
 * an error naming the key, never silently replaced by the default.
 */
export function loadSettings(script: SettingsReader, document?: SettingsReader): Settings {
  const read = (key: string): string | null => {
    const own = document && DOCUMENT_OVERRIDABLE.has(key) ? document(key) : null;
    const raw = own !== null && own !== undefined && own.trim() !== '' ? own : script(key);
    return raw === null || raw === undefined || raw.trim() === '' ? null : raw;
  };
  const number = (key: string, fallback: number, min: number, max: number): number => {
    const raw = read(key);
    return raw === null ? fallback : parseWholeNumber(key, raw, min, max);
  };
  const baseUrl = read(SETTING_KEYS.baseUrl);
  const keyId = read(SETTING_KEYS.keyId);
  const model = read(SETTING_KEYS.model);
  const lock = read(SETTING_KEYS.lockSettings);
  return {
    baseUrl: baseUrl === null ? null : validateBaseUrl(baseUrl),
    keyId: keyId === null ? SETTING_DEFAULTS.keyId : parseName(SETTING_KEYS.keyId, keyId),
    // The secret is taken as it is: whitespace may be part of it, and it is never echoed in an error.
    secret: script(SETTING_KEYS.secret) || null,
    model: model === null ? SETTING_DEFAULTS.model : parseName(SETTING_KEYS.model, model),
    batchRows: number(SETTING_KEYS.batchRows, SETTING_DEFAULTS.batchRows, 1, 5000),
    parallel: number(SETTING_KEYS.parallel, SETTING_DEFAULTS.parallel, 1, 50),
    maxAttempts: number(SETTING_KEYS.maxAttempts, SETTING_DEFAULTS.maxAttempts, 1, 10),
    cacheTtlS: number(SETTING_KEYS.cacheTtlS, SETTING_DEFAULTS.cacheTtlS, 0, MAX_CACHE_TTL_S),
    lockSettings:
      lock === null ? SETTING_DEFAULTS.lockSettings : parseBoolean(SETTING_KEYS.lockSettings, lock),
  };
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
