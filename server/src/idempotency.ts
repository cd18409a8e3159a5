// Idempotency-Key handling (DESIGN.md "Retries and idempotency"): a client retries a batch with the same
// key, and must get the first successful answer back rather than a second computation. Only final
// successes are stored: a 429/5xx must stay retryable, or one bad moment would be replayed forever.
// The store is bounded by count AND by bytes: a stored 1,000-row answer is about 200 KB, so a count alone
// would let 10,000 keys hold 2 GB, more than a small container has.
import { totalmem } from 'node:os';

export interface StoredAnswer {
  status: number;
  body: string;
}

type Entry =
  | { state: 'running'; bodyHash: string }
  | { state: 'done'; bodyHash: string; answer: StoredAnswer; expiresAt: number; bytes: number };

export type BeginResult =
  | { kind: 'new' }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

/**
 * Default byte budget: an eighth of the memory this process may use (the container's limit when there is
 * one, else the machine's), so that a small Fargate task and a laptop both get a sensible bound.
 */
export function defaultIdempotencyMaxBytes(): number {
  // Without a limit Node reports 0 or a huge number (2^64 on cgroup v1): the machine's memory bounds both.
  const limit = Math.min(process.constrainedMemory?.() || Number.POSITIVE_INFINITY, totalmem());
  return Math.max(1024 * 1024, Math.floor(limit / 8));
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private storedBytes = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly maxBytes = defaultIdempotencyMaxBytes(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held by stored answers (their bodies, keys and hashes), never above maxBytes. */
  get bytes(): number {
    return this.storedBytes;
  }

  /** Claims the key for a request, or says why the request must not run. */
  begin(key: string, bodyHash: string, nowMs: number): BeginResult {
    const entry = this.entries.get(key);
    if (entry?.state === 'done' && entry.expiresAt <= nowMs) this.remove(key);
    const live = this.entries.get(key);
    if (live === undefined) {
      this.entries.set(key, { state: 'running', bodyHash });
      return { kind: 'new' };
    }
    if (live.bodyHash !== bodyHash) return { kind: 'mismatch' };
    if (live.state === 'running') return { kind: 'in-progress' };
    return { kind: 'replay', answer: live.answer };
  }

  /** Stores the final answer of a claimed key. */
  complete(key: string, answer: StoredAnswer, nowMs: number): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.remove(key);
    const bytes = Buffer.byteLength(answer.body) + Buffer.byteLength(key) + entry.bodyHash.length;
    // An answer larger than the whole budget is not kept: its retry computes it again.
    if (bytes > this.maxBytes) return;
    // Re-insert so that Map order stays expiry order for eviction.
    this.entries.set(key, {
      state: 'done',
      bodyHash: entry.bodyHash,
      answer,
      expiresAt: nowMs + this.ttlMs,
      bytes,
    });
    this.storedBytes += bytes;
    this.evict(nowMs);
  }

  /** Frees a claimed key without storing anything, so that a retry can run again. */
  release(key: string): void {
    if (this.entries.get(key)?.state === 'running') this.entries.delete(key);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry?.state === 'done') this.storedBytes -= entry.bytes;
    this.entries.delete(key);
  }

  /** Drops expired answers, then the oldest ones, until both bounds hold. */
  private evict(nowMs: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.state === 'running') continue;
      const within = this.entries.size <= this.maxEntries && this.storedBytes <= this.maxBytes;
      if (entry.expiresAt > nowMs && within) return;
      this.remove(key);
    }
  }
}
