// Idempotency-Key handling (DESIGN.md "Retries and idempotency"): a client retries a batch with the same
// key, and must get the first successful answer back rather than a second computation. Only final
// successes are stored: a 429/5xx must stay retryable, or one bad moment would be replayed forever.

export interface StoredAnswer {
  status: number;
  body: string;
}

type Entry =
  | { state: 'running'; bodyHash: string }
  | { state: 'done'; bodyHash: string; answer: StoredAnswer; expiresAt: number };

export type BeginResult =
  | { kind: 'new' }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Claims the key for a request, or says why the request must not run. */
  begin(key: string, bodyHash: string, nowMs: number): BeginResult {
    const entry = this.entries.get(key);
    if (entry?.state === 'done' && entry.expiresAt <= nowMs) this.entries.delete(key);
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
    // Re-insert so that Map order stays expiry order for eviction.
    this.entries.delete(key);
    this.entries.set(key, { state: 'done', bodyHash: entry.bodyHash, answer, expiresAt: nowMs + this.ttlMs });
    this.evict(nowMs);
  }

  /** Frees a claimed key without storing anything, so that a retry can run again. */
  release(key: string): void {
    if (this.entries.get(key)?.state === 'running') this.entries.delete(key);
  }

  private evict(nowMs: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.state === 'running') continue;
      if (entry.expiresAt > nowMs && this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
