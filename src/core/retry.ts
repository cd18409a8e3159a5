import type { Cache } from './ports';

/**
 * Retry policy: which answers are worth another attempt, how long to wait (full jitter, AWS
 * "Exponential Backoff And Jitter"), and a retry budget shared by every execution so that an outage
 * does not become a retry storm when hundreds of cells recalculate at once.
 */

/** 409 is our server's "the same Idempotency-Key is still running": asking again later gets the answer. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 409, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 300, capMs: 5_000 };

/** Full jitter: uniform in [0, min(cap, base * 2^retry)). `retry` is 0 for the first retry. */
export function fullJitterDelayMs(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as seconds or an HTTP-date (RFC 9110 section 10.2.3), as milliseconds from now.
 * Returns null when absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

export interface RetryBudgetOptions {
  capacity: number;
  retryCost: number;
  /** Tokens given back per second of calm, so the budget recovers after an outage. */
  refillPerSecond: number;
}

/**
 * Sized like the AWS SDKs' "standard" retry quota (500 tokens, 5 a retry, a retry that succeeds gives
 * its 5 back), but not the same scheme. The SDKs charge 10 for a retry after a timeout or connection
 * error, give 1 token back for every request that succeeds on its first attempt, and never refill
 * with time. This budget charges 5 for every retry, gives nothing for first-attempt successes, and
 * refills `refillPerSecond` tokens per second instead, because it lives in a shared cache across
 * short executions: with no traffic there is nothing to earn tokens back, and a lost cache entry
 * starts again full.
 */
export const DEFAULT_RETRY_BUDGET: RetryBudgetOptions = { capacity: 500, retryCost: 5, refillPerSecond: 1 };

const BUDGET_TTL_S = 600;

/**
 * A retry budget kept in the shared cache so that concurrent executions (many custom-function cells)
 * draw from one pool. Cache writes race between executions; an approximate count is good enough to
 * stop a storm, and losing the entry only resets it to full.
 */
export class RetryBudget {
  // Nothing is read at construction: a call that never retries costs no cache read.
  constructor(
    private readonly cache: Cache | null,
    private readonly cacheKey: string,
    private readonly nowMs: () => number,
    private readonly options: RetryBudgetOptions = DEFAULT_RETRY_BUDGET,
  ) {}

  private load(): number {
    const raw = this.cache?.get(this.cacheKey) ?? null;
    if (raw === null) return this.options.capacity;
    // A part that is missing reads as NaN, like a part that is not a number.
    const [tokens = Number.NaN, at = Number.NaN] = raw.split(':').map(Number);
    if (!Number.isFinite(tokens) || !Number.isFinite(at)) {
      return this.options.capacity;
    }
    const refill = (Math.max(0, this.nowMs() - at) / 1000) * this.options.refillPerSecond;
    return Math.min(this.options.capacity, tokens + refill);
  }

  private save(tokens: number): void {
    this.cache?.put(this.cacheKey, `${tokens}:${this.nowMs()}`, BUDGET_TTL_S);
  }

  /** Takes the cost of one retry; false when the budget is spent (do not retry). */
  tryAcquire(): boolean {
    const tokens = this.load();
    if (tokens < this.options.retryCost) return false;
    this.save(tokens - this.options.retryCost);
    return true;
  }

  /** A retry that succeeded gives its cost back. */
  refund(): void {
    this.save(Math.min(this.options.capacity, this.load() + this.options.retryCost));
  }
}
