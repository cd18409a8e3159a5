import type { Cache } from '../core/ports';
import { MAX_CACHE_TTL_S } from '../core/settings';

/** CacheService limits (PLATFORM.md): key <= 250 chars, value <= 100 KB, lifetime <= 6 h. */
const MAX_KEY_LENGTH = 250;
const MAX_VALUE_BYTES = 100 * 1024;

/** A CacheService cache behind the core's Cache port: its limits checked, its failures misses. */
export class AppsScriptCache implements Cache {
  constructor(private readonly cache: GoogleAppsScript.Cache.Cache) {}

  get(key: string): string | null {
    try {
      return key.length <= MAX_KEY_LENGTH ? this.cache.get(key) : null;
    } catch {
      return null; // the cache is an optimisation: its failures are misses
    }
  }

  getAll(keys: string[]): Record<string, string> {
    try {
      return this.cache.getAll(keys.filter((key) => key.length <= MAX_KEY_LENGTH));
    } catch {
      return {};
    }
  }

  put(key: string, value: string, ttlSeconds: number): void {
    // A value longer than the limit in UTF-16 units cannot fit in bytes either: skip without asking.
    if (key.length > MAX_KEY_LENGTH || ttlSeconds <= 0 || value.length > MAX_VALUE_BYTES) return;
    try {
      this.cache.put(key, value, Math.min(Math.floor(ttlSeconds), MAX_CACHE_TTL_S));
    } catch {
      // "Argument too large" for multi-byte text near the limit: skip, the next call recomputes.
    }
  }

  putAll(entries: Record<string, string>, ttlSeconds: number): void {
    const fitting = Object.entries(entries).filter(
      ([key, value]) => key.length <= MAX_KEY_LENGTH && value.length <= MAX_VALUE_BYTES,
    );
    if (fitting.length === 0 || ttlSeconds <= 0) return;
    try {
      this.cache.putAll(Object.fromEntries(fitting), Math.min(Math.floor(ttlSeconds), MAX_CACHE_TTL_S));
    } catch {
      // One value too large in bytes fails the whole call: store them one by one, skipping that one.
      for (const [key, value] of fitting) this.put(key, value, ttlSeconds);
    }
  }
}

/** The script cache: shared by every user and execution of the deployment (retry budget). */
export class ScriptCache extends AppsScriptCache {
  constructor() {
    super(CacheService.getScriptCache());
  }
}

/**
 * Where row results live: the spreadsheet's own document cache, so one sheet's results never evict
 * another's (nor the shared script-cache entries); the script cache where there is no document.
 */
export function resultsCache(): Cache {
  let document: GoogleAppsScript.Cache.Cache | null = null;
  try {
    document = CacheService.getDocumentCache();
  } catch {
    document = null; // no containing document in this context
  }
  return new AppsScriptCache(document ?? CacheService.getScriptCache());
}
