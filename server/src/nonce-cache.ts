// Remembers nonces of accepted requests so a captured request cannot be replayed. Entries only need to
// outlive the timestamp window (a replay older than that fails the timestamp check anyway), so the TTL
// bounds memory; a hard cap bounds it even under a flood of valid, signed requests.

export class NonceCache {
  // Map keeps insertion order; with one TTL for all entries that is also expiry order, so eviction
  // only ever looks at the front of the map.
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000_000,
  ) {}

  get size(): number {
    return this.expiries.size;
  }

  /**
   * Records the nonce. Returns 'replayed' if it was seen within the TTL, 'full' if the cache cannot
   * remember it (the caller must refuse the request: accepting it would allow a later replay).
   */
  remember(nonce: string, nowMs: number): 'ok' | 'replayed' | 'full' {
    this.evictExpired(nowMs);
    const expiry = this.expiries.get(nonce);
    if (expiry !== undefined && expiry > nowMs) return 'replayed';
    if (this.expiries.size >= this.maxEntries) return 'full';
    this.expiries.set(nonce, nowMs + this.ttlMs);
    return 'ok';
  }

  private evictExpired(nowMs: number): void {
    for (const [nonce, expiry] of this.expiries) {
      if (expiry > nowMs) return;
      this.expiries.delete(nonce);
    }
  }
}
