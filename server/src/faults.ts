// Fault injection for end-to-end tests and demos: lets a test reproduce what a real deployment does on a
// bad day (slow answers, 429/503 with Retry-After, dropped sockets, broken bodies) on demand and
// deterministically. Off unless a FaultConfig is given; main.ts also requires SB_ALLOW_FAULTS=true.

export type MalformedKind =
  | 'not-json'
  | 'wrong-length'
  | 'bad-shape'
  | 'html-error-page'
  | 'tamper-signature'
  | 'missing-signature';

export const MALFORMED_KINDS: readonly MalformedKind[] = [
  'not-json',
  'wrong-length',
  'bad-shape',
  'html-error-page',
  'tamper-signature',
  'missing-signature',
];

export interface StatusStep {
  status: number;
  retryAfterS?: number;
  /** Send Retry-After as an HTTP date (now + retryAfterS) instead of seconds; both forms are legal. */
  retryAfterDate?: boolean;
}

export interface FaultConfig {
  latencyMs?: number;
  latencyJitterMs?: number;
  errorRate?: number;
  errorStatus?: number;
  retryAfterS?: number;
  /** The first N attempts of every Idempotency-Key (or, without one, of every distinct body) fail. */
  failFirstAttempts?: { count: number; status: number; retryAfterS?: number };
  /** The next requests are answered with these statuses, in order; then answers are normal. */
  statusSequence?: StatusStep[];
  /** Applied to every successful predict answer. */
  malformed?: MalformedKind;
  /** Destroy the socket without an answer: true = always, a number = that fraction of requests. */
  dropConnection?: boolean | number;
  seed?: number;
  /** Health checks are never faulted unless this is true (a load balancer would pull the target). */
  includeHealth?: boolean;
}

export interface InjectedStatus {
  status: number;
  retryAfterS?: number;
  retryAfterDate?: boolean;
}

/** Small seeded PRNG (mulberry32): the same seed gives the same failures in every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly random: () => number;
  private sequenceIndex = 0;
  private readonly attempts = new Map<string, number>();

  constructor(readonly config: FaultConfig) {
    this.random = seededRandom(config.seed ?? 1);
  }

  appliesTo(route: 'predict' | 'models' | 'health'): boolean {
    return route !== 'health' || this.config.includeHealth === true;
  }

  delayMs(): number {
    const base = this.config.latencyMs ?? 0;
    const jitter = this.config.latencyJitterMs ?? 0;
    return jitter > 0 ? base + Math.floor(this.random() * jitter) : base;
  }

  shouldDropConnection(): boolean {
    const drop = this.config.dropConnection;
    if (drop === true) return true;
    if (typeof drop === 'number') return this.random() < drop;
    return false;
  }

  /** The status this request must fail with, if any. attemptKey groups the retries of one batch. */
  injectedStatus(attemptKey: string | undefined): InjectedStatus | undefined {
    const { statusSequence, failFirstAttempts, errorRate } = this.config;
    if (statusSequence !== undefined && this.sequenceIndex < statusSequence.length) {
      return statusSequence[this.sequenceIndex++];
    }
    if (failFirstAttempts !== undefined && attemptKey !== undefined) {
      const seen = this.attempts.get(attemptKey) ?? 0;
      if (this.attempts.size > 100_000) this.attempts.clear(); // bounded memory in a long soak
      this.attempts.set(attemptKey, seen + 1);
      if (seen < failFirstAttempts.count) {
        return { status: failFirstAttempts.status, retryAfterS: failFirstAttempts.retryAfterS };
      }
    }
    if (errorRate !== undefined && errorRate > 0 && this.random() < errorRate) {
      return { status: this.config.errorStatus ?? 503, retryAfterS: this.config.retryAfterS };
    }
    return undefined;
  }
}

/** Checks an untrusted FaultConfig (from env or a test) and says exactly which field is wrong. */
export function validateFaultConfig(value: unknown): FaultConfig {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('fault config must be a JSON object');
  }
  const v = value as Record<string, unknown>;
  const known = new Set([
    'latencyMs',
    'latencyJitterMs',
    'errorRate',
    'errorStatus',
    'retryAfterS',
    'failFirstAttempts',
    'statusSequence',
    'malformed',
    'dropConnection',
    'seed',
    'includeHealth',
  ]);
  for (const key of Object.keys(v)) if (!known.has(key)) problems.push(`unknown field ${key}`);
  const nonNegative = (name: string, x: unknown) => {
    if (x !== undefined && !(typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
      problems.push(`${name} must be a number >= 0`);
    }
  };
  const status = (name: string, x: unknown) => {
    if (x !== undefined && !(Number.isInteger(x) && (x as number) >= 400 && (x as number) <= 599)) {
      problems.push(`${name} must be an HTTP error status (400-599)`);
    }
  };
  const rate = (name: string, x: unknown) => {
    if (x !== undefined && !(typeof x === 'number' && x >= 0 && x <= 1))
      problems.push(`${name} must be in 0..1`);
  };
  nonNegative('latencyMs', v.latencyMs);
  nonNegative('latencyJitterMs', v.latencyJitterMs);
  rate('errorRate', v.errorRate);
  status('errorStatus', v.errorStatus);
  nonNegative('retryAfterS', v.retryAfterS);
  nonNegative('seed', v.seed);
  if (v.failFirstAttempts !== undefined) {
    const f = v.failFirstAttempts as Record<string, unknown> | null;
    if (typeof f !== 'object' || f === null) problems.push('failFirstAttempts must be an object');
    else {
      if (!(Number.isInteger(f.count) && (f.count as number) >= 0)) {
        problems.push('failFirstAttempts.count must be an integer >= 0');
      }
      if (f.status === undefined) problems.push('failFirstAttempts.status is required');
      status('failFirstAttempts.status', f.status);
      nonNegative('failFirstAttempts.retryAfterS', f.retryAfterS);
    }
  }
  if (v.statusSequence !== undefined) {
    if (!Array.isArray(v.statusSequence)) problems.push('statusSequence must be an array');
    else
      v.statusSequence.forEach((step: unknown, i) => {
        const s = (step ?? {}) as Record<string, unknown>;
        if (s.status === undefined) problems.push(`statusSequence[${i}].status is required`);
        status(`statusSequence[${i}].status`, s.status);
        nonNegative(`statusSequence[${i}].retryAfterS`, s.retryAfterS);
      });
  }
  if (v.malformed !== undefined && !MALFORMED_KINDS.includes(v.malformed as MalformedKind)) {
    problems.push(`malformed must be one of ${MALFORMED_KINDS.join(', ')}`);
  }
  if (v.dropConnection !== undefined && typeof v.dropConnection !== 'boolean')
    rate('dropConnection', v.dropConnection);
  if (v.includeHealth !== undefined && typeof v.includeHealth !== 'boolean') {
    problems.push('includeHealth must be a boolean');
  }
  if (problems.length > 0) throw new Error(`invalid fault config: ${problems.join('; ')}`);
  return v as FaultConfig;
}
