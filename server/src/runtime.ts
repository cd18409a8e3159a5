// Everything a request handler needs, in one object that the app, the hooks and the programmatic API
// share. Keys and faults are mutable so tests can rotate keys or break the server while it runs.
import type { FaultConfig } from './faults';
import { FaultInjector, validateFaultConfig } from './faults';
import { defaultIdempotencyMaxBytes, IdempotencyStore } from './idempotency';
import type { ModelSpec } from './model';
import { NonceCache } from './nonce-cache';
import type { ServerStats } from './stats';
import { createStats } from './stats';

export interface ReferenceServerOptions {
  /** keyId -> secret; several at once for rotation; empty = signing not required. */
  keys?: Record<string, string>;
  /** Default: true when keys is non-empty. When false, unsigned requests pass but signed ones are checked. */
  requireSignature?: boolean;
  maxRows?: number;
  maxBodyBytes?: number;
  modelsDir?: string;
  faults?: FaultConfig;
  /** false (default) is silent; true or pino options log JSON lines to stdout. */
  logger?: boolean | object;
  timestampWindowS?: number;
  nonceTtlS?: number;
  idempotencyTtlS?: number;
  /** Byte budget of stored idempotent answers; default: an eighth of the memory the process may use. */
  idempotencyMaxBytes?: number;
  /** Millisecond clock, so tests can move time for the timestamp window and TTLs. */
  now?: () => number;
  /** Connection timeouts (ms); the defaults suit a task behind an ALB (see ServerTimeouts). */
  timeouts?: Partial<ServerTimeouts>;
  /** Mount the API under a prefix (e.g. "/ml") when the load balancer forwards the base path unchanged. */
  basePath?: string;
}

export interface ServerTimeouts {
  /** All request headers must arrive within this (slow-header clients are cut off). */
  headersMs: number;
  /** The whole request, body included, must arrive within this. */
  requestMs: number;
  /** An idle kept-alive connection is closed after this: must exceed the ALB's 60 s idle timeout. */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 65_000 };

export interface Runtime {
  keys: Map<string, string>;
  requireSignature: boolean;
  faults: FaultInjector | undefined;
  /** Set when close() starts: answers then carry Connection: close so keep-alive sockets drain. */
  closing: boolean;
  readonly models: Map<string, ModelSpec>;
  readonly defaultModel: ModelSpec;
  readonly maxRows: number;
  readonly maxBodyBytes: number;
  readonly timestampWindowS: number;
  readonly timeouts: ServerTimeouts;
  readonly nonces: NonceCache;
  readonly idempotency: IdempotencyStore;
  readonly stats: ServerStats;
  readonly now: () => number;
}

export const DEFAULT_MAX_ROWS = 1000;
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export function checkKeys(keys: Record<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [id, secret] of Object.entries(keys)) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id))
      throw new Error(`key id "${id}" must be 1-64 of A-Z a-z 0-9 . _ -`);
    if (typeof secret !== 'string' || secret === '')
      throw new Error(`secret of key id "${id}" must be a non-empty string`);
    map.set(id, secret);
  }
  return map;
}

export function createRuntime(opts: ReferenceServerOptions, models: Map<string, ModelSpec>): Runtime {
  const keys = checkKeys(opts.keys ?? {});
  const positive = (name: string, v: number | undefined, fallback: number) => {
    const value = v ?? fallback;
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
    return value;
  };
  const nonceTtlS = positive('nonceTtlS', opts.nonceTtlS, 600);
  const timestampWindowS = positive('timestampWindowS', opts.timestampWindowS, 300);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  for (const [name, value] of Object.entries(timeouts)) positive(`timeouts.${name}`, value, 1);
  // Node refuses a headers timeout above the request timeout; say so in our words.
  if (timeouts.headersMs > timeouts.requestMs)
    throw new Error('timeouts.headersMs must not exceed requestMs');
  const defaultModel = models.get('default') ?? [...models.values()][0];
  if (defaultModel === undefined) throw new Error('no models loaded');
  return {
    keys,
    requireSignature: opts.requireSignature ?? keys.size > 0,
    closing: false,
    faults: opts.faults === undefined ? undefined : new FaultInjector(validateFaultConfig(opts.faults)),
    models,
    defaultModel,
    maxRows: positive('maxRows', opts.maxRows, DEFAULT_MAX_ROWS),
    maxBodyBytes: positive('maxBodyBytes', opts.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    timestampWindowS,
    timeouts,
    // A nonce must be remembered at least as long as its timestamp can pass the window check.
    nonces: new NonceCache(Math.max(nonceTtlS, 2 * timestampWindowS) * 1000),
    idempotency: new IdempotencyStore(
      positive('idempotencyTtlS', opts.idempotencyTtlS, 600) * 1000,
      10_000,
      positive('idempotencyMaxBytes', opts.idempotencyMaxBytes, defaultIdempotencyMaxBytes()),
    ),
    stats: createStats(),
    now: opts.now ?? Date.now,
  };
}
