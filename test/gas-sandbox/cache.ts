// CacheService (developers.google.com/apps-script/reference/cache/cache). Limits and their texts come
// from the documentation (key 250 characters, value 100 KB, expiration at most 21600 s, default 600 s,
// about 1000 items), a probe script run against real Apps Script (Collabora Office GAS interop
// tests: "Argument too large: key", "Argument too large: value", values coerced to strings, a null
// value stores nothing, expirations of 0 or below still store, a non-numeric one throws "Cannot
// convert 'abc' to int.") and Justin Poehnelt's measurements ("Exploring Apps Script CacheService
// Limits": 102,400-byte values; when full, eviction is FIFO by creation time, about 10% at once).
import { type CacheBacking, LocalCacheStore } from './cache-store';
import type { Runtime } from './runtime';

export { CACHE_MAX_ITEMS } from './cache-store';
export const CACHE_MAX_KEY_CHARS = 250;
export const CACHE_MAX_VALUE_BYTES = 100 * 1024;
export const CACHE_MAX_TTL_S = 21_600;
export const CACHE_DEFAULT_TTL_S = 600;

export class FakeCache {
  constructor(
    private readonly runtime: Runtime,
    private readonly kind: string,
    /** Where entries live: this sandbox's own Map, or a store shared across threads (cache-store.ts). */
    private readonly backing: CacheBacking = new LocalCacheStore(),
  ) {}

  get(key: unknown): string | null {
    this.guard('get');
    const k = this.checkKey(key);
    return this.backing.getAll([k], this.runtime.now())[k] ?? null;
  }

  getAll(keys: unknown): Record<string, string> {
    this.guard('getAll');
    return this.runtime.realm.object(this.backing.getAll(this.keyList(keys), this.runtime.now()));
  }

  put(key: unknown, value: unknown, expirationInSeconds?: unknown): void {
    this.guard('put');
    const k = this.checkKey(key);
    if (value === null || value === undefined) return;
    this.backing.putAll([[k, this.checkValue(value)]], this.ttl(expirationInSeconds), this.runtime.now());
  }

  /** Checks every entry before storing any, so that one bad value leaves the cache as it was. */
  putAll(values: unknown, expirationInSeconds?: unknown): void {
    this.guard('putAll');
    const ttl = this.ttl(expirationInSeconds);
    const checked: Array<[string, string]> = [];
    for (const [key, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      checked.push([this.checkKey(key), this.checkValue(value)]);
    }
    this.backing.putAll(checked, ttl, this.runtime.now());
  }

  remove(key: unknown): void {
    this.guard('remove');
    this.backing.removeAll([this.checkKey(key)]);
  }

  removeAll(keys: unknown): void {
    this.guard('removeAll');
    this.backing.removeAll(this.keyList(keys));
  }

  /** Host-side: live entries count (tests). */
  size(): number {
    return this.backing.size(this.runtime.now());
  }

  /** Host-side: live keys, oldest first, and their values, without a service call (tests). */
  keys(): string[] {
    return this.backing.keys(this.runtime.now());
  }

  peek(key: string): string | null {
    return this.backing.getAll([key], this.runtime.now())[key] ?? null;
  }

  /** Host-side: a live entry gets another value, as time passing inside it would (tests). */
  overwrite(key: string, value: string): boolean {
    return this.backing.overwrite(key, value, this.runtime.now());
  }

  private guard(method: string): void {
    this.runtime.require('document', `CacheService.get${this.kind}Cache().${method}`);
  }

  private checkKey(key: unknown): string {
    const k = String(key);
    if (k.length > CACHE_MAX_KEY_CHARS) this.runtime.fail('Argument too large: key');
    return k;
  }

  private checkValue(value: unknown): string {
    const v = String(value);
    if (Buffer.byteLength(v, 'utf8') > CACHE_MAX_VALUE_BYTES) this.runtime.fail('Argument too large: value');
    return v;
  }

  private keyList(keys: unknown): string[] {
    if (!Array.isArray(keys)) this.runtime.fail('Invalid argument: keys');
    return keys.map((key) => this.checkKey(key));
  }

  /**
   * Seconds to keep an entry. Above the 6 h maximum the entry is kept 6 h (the documented cap);
   * 0 or below is accepted (the probe reads such entries back at once) and kept for the default
   * 600 s here, which is UNVERIFIED beyond that first read.
   */
  private ttl(expiration: unknown): number {
    if (expiration === undefined) return CACHE_DEFAULT_TTL_S;
    const n = typeof expiration === 'number' ? expiration : Number(expiration);
    if (!Number.isFinite(n)) this.runtime.fail(`Cannot convert '${String(expiration)}' to int.`);
    const seconds = Math.trunc(n);
    if (seconds <= 0) return CACHE_DEFAULT_TTL_S;
    return Math.min(seconds, CACHE_MAX_TTL_S);
  }
}
