// Environment -> server configuration for main.ts. A bad value stops the process with a message that
// names the variable: a container that starts with a silently-defaulted limit or no keys is worse.
import { readFileSync } from 'node:fs';
import { validateFaultConfig } from './faults';
import type { ReferenceServerOptions } from './runtime';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export interface MainConfig {
  port: number;
  host: string;
  options: ReferenceServerOptions;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function jsonValue(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(name, 'is not valid JSON');
  }
}

/** One `{"keyId": "secret", ...}` object, checked; `name` is the variable it came from, for messages. */
function keyMap(name: string, text: string): Record<string, string> {
  const value = jsonValue(name, text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(name, 'must be a JSON object {"keyId": "secret", ...}');
  }
  for (const [id, secret] of Object.entries(value)) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id))
      throw new ConfigError(name, `key id "${id}" must be 1-64 of A-Z a-z 0-9 . _ -`);
    if (typeof secret !== 'string' || secret === '') {
      throw new ConfigError(name, `secret of key id "${id}" must be a non-empty string`);
    }
  }
  return value as Record<string, string>;
}

// SB_KEYS_A, SB_KEYS_B, ...: key slots, each injected from its own secret (on ECS, from Secrets Manager),
// so that a rotation writes the new key into one slot while the other still holds the old one.
const KEY_SLOT = /^SB_KEYS_(?!FILE$)[A-Z0-9]+$/;

/**
 * Keys come from SB_KEYS (JSON) or SB_KEYS_FILE (a mounted secret file), plus any SB_KEYS_<SLOT>; their
 * values never get logged.
 */
function readKeys(env: NodeJS.ProcessEnv): Record<string, string> {
  const inline = env.SB_KEYS?.trim();
  const file = env.SB_KEYS_FILE?.trim();
  if (inline && file) throw new ConfigError('SB_KEYS_FILE', 'set either SB_KEYS or SB_KEYS_FILE, not both');
  const sources: [string, string][] = [];
  if (inline) sources.push(['SB_KEYS', inline]);
  if (file) {
    try {
      // An empty file means no keys, as an unset SB_KEYS does.
      const text = readFileSync(file, 'utf8').trim();
      if (text) sources.push(['SB_KEYS_FILE', text]);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      throw new ConfigError('SB_KEYS_FILE', `cannot read ${file} (${code})`);
    }
  }
  for (const name of Object.keys(env)
    .filter((n) => KEY_SLOT.test(n))
    .sort()) {
    const text = env[name]?.trim();
    if (text) sources.push([name, text]);
  }
  const keys: Record<string, string> = {};
  for (const [name, text] of sources) {
    for (const [id, secret] of Object.entries(keyMap(name, text))) {
      // The same id in two slots would make "which secret is it" depend on the order of variables.
      if (id in keys) throw new ConfigError(name, `key id "${id}" is also set by another variable`);
      keys[id] = secret;
    }
  }
  return keys;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

export function parseEnv(env: NodeJS.ProcessEnv): MainConfig {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST?.trim() || '0.0.0.0';
  const keys = readKeys(env);
  const requireSignature = bool(env, 'SB_REQUIRE_SIGNATURE');
  if (requireSignature === true && Object.keys(keys).length === 0) {
    throw new ConfigError('SB_REQUIRE_SIGNATURE', 'is true but no keys are set (SB_KEYS or SB_KEYS_FILE)');
  }
  const maxRows = integer(env, 'SB_MAX_ROWS', 1000, 1, 1_000_000);
  const maxBodyBytes = integer(env, 'SB_MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024);
  // Unset: the server sizes it from the memory it may use (idempotency.ts).
  const idempotencyMaxBytes = env.SB_IDEMPOTENCY_MAX_BYTES?.trim()
    ? integer(env, 'SB_IDEMPOTENCY_MAX_BYTES', 0, 1024 * 1024, 64 * 1024 * 1024 * 1024)
    : undefined;

  let faults: ReferenceServerOptions['faults'];
  const faultsText = env.SB_FAULTS?.trim();
  if (faultsText) {
    if (bool(env, 'SB_ALLOW_FAULTS') !== true) {
      throw new ConfigError(
        'SB_FAULTS',
        'is set but SB_ALLOW_FAULTS is not true: refusing to start a faulty server',
      );
    }
    try {
      faults = validateFaultConfig(jsonValue('SB_FAULTS', faultsText));
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new ConfigError('SB_FAULTS', (e as Error).message);
    }
  }
  const level = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(level))
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const basePath = env.SB_BASE_PATH?.trim() || undefined;
  if (basePath !== undefined && !/^\/[A-Za-z0-9._~\-/]*[^/]$/.test(basePath)) {
    throw new ConfigError('SB_BASE_PATH', 'must look like /ml (leading slash, no trailing slash)');
  }
  return {
    port,
    host,
    options: {
      keys,
      requireSignature,
      maxRows,
      maxBodyBytes,
      idempotencyMaxBytes,
      faults,
      modelsDir: env.SB_MODELS_DIR?.trim() || undefined,
      basePath,
      logger: { level },
    },
  };
}
