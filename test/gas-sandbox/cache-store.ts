// Where a FakeCache keeps its entries. The front (cache.ts) checks arguments and words errors as Apps
// Script does; a backing only stores. LocalCacheStore is the default (one sandbox, one thread); the
// state host of concurrent/ keeps the same class in its own thread so that executions running in
// parallel share ONE cache with the same limits, TTLs and eviction (concurrent/shared-state.ts).
//
// Eviction: about 1,000 items; when full, FIFO by creation time, about 10% at once (Justin Poehnelt,
// "Exploring Apps Script CacheService Limits"). Google's reference and PLATFORM.md say the items kept
// are those farthest from expiry; with one TTL for all entries the two orders are the same.

export const CACHE_MAX_ITEMS = 1_000;
const CACHE_EVICT_BATCH = 100;

/** A cache's storage: every method is one service call's worth of work, done atomically. */
export interface CacheBacking {
  /** The live values of the keys that have one (expired ones are dropped), by key. */
  getAll(keys: string[], now: number): Record<string, string>;
  putAll(entries: Array<[string, string]>, ttlS: number, now: number): void;
  removeAll(keys: string[]): void;
  /** Live entries (tests). */
  size(now: number): number;
  /** Live keys, oldest creation first (tests). */
  keys(now: number): string[];
  /** Changes a live entry's value, keeping its expiry and its place in eviction order (tests). */
  overwrite(key: string, value: string, now: number): boolean;
}

interface Entry {
  value: string;
  expiresAt: number;
}

export class LocalCacheStore implements CacheBacking {
  private readonly entries = new Map<string, Entry>();

  getAll(keys: string[], now: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      if (entry.expiresAt <= now) this.entries.delete(key);
      else out[key] = entry.value;
    }
    return out;
  }

  putAll(entries: Array<[string, string]>, ttlS: number, now: number): void {
    for (const [key, value] of entries) this.store(key, value, now + ttlS * 1000, now);
  }

  removeAll(keys: string[]): void {
    for (const key of keys) this.entries.delete(key);
  }

  size(now: number): number {
    this.purgeExpired(now);
    return this.entries.size;
  }

  keys(now: number): string[] {
    this.purgeExpired(now);
    return [...this.entries.keys()];
  }

  overwrite(key: string, value: string, now: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= now) return false;
    entry.value = value;
    return true;
  }

  private store(key: string, value: string, expiresAt: number, now: number): void {
    this.entries.delete(key); // a re-put counts as a new creation for FIFO eviction
    this.entries.set(key, { value, expiresAt });
    if (this.entries.size > CACHE_MAX_ITEMS) {
      this.purgeExpired(now);
      if (this.entries.size > CACHE_MAX_ITEMS) {
        // Map iteration order is insertion order: the first keys are the oldest creations.
        const oldest = [...this.entries.keys()].slice(0, CACHE_EVICT_BATCH);
        for (const k of oldest) this.entries.delete(k);
      }
    }
  }

  private purgeExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
