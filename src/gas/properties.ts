import type { SettingsReader } from '../core/ports';

/**
 * Property stores as settings readers. Each store is read once, whole, with getProperties() on the
 * first lookup: every property call costs tens of milliseconds (PLATFORM.md "Costs and behaviours"),
 * and PREDICT reads about a dozen keys. Reads can fail where the auth mode forbids them (onOpen in
 * AuthMode.NONE) or outside a container-bound context: a store that cannot be read has no settings.
 */
function readerOf(getStore: () => GoogleAppsScript.Properties.Properties | null): SettingsReader {
  let snapshot: Map<string, string> | undefined;
  return (key) => {
    if (snapshot === undefined) {
      try {
        snapshot = new Map(Object.entries(getStore()?.getProperties() ?? {}));
      } catch {
        snapshot = new Map();
      }
    }
    return snapshot.get(key) ?? null;
  };
}

export function scriptSettings(): SettingsReader {
  return readerOf(() => PropertiesService.getScriptProperties());
}

export function documentSettings(): SettingsReader {
  return readerOf(() => PropertiesService.getDocumentProperties());
}

/** Cache generation: bumped by "Clear cache", read by every PREDICT (CacheService cannot list keys). */
export const CACHE_GENERATION_KEY = 'SHEETBRIDGE_CACHE_GENERATION';

/** The generation from a reader already holding the script properties (no further read). */
export function cacheGenerationOf(script: SettingsReader): string {
  return script(CACHE_GENERATION_KEY) ?? '0';
}

export function bumpCacheGeneration(): string {
  const next = String(Date.now());
  PropertiesService.getScriptProperties().setProperty(CACHE_GENERATION_KEY, next);
  return next;
}

/** Sets the given keys; a null value deletes the key (back to its default). */
function writeTo(store: GoogleAppsScript.Properties.Properties, values: Record<string, string | null>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === null) store.deleteProperty(key);
    else store.setProperty(key, value);
  }
}

export function writeScriptSettings(values: Record<string, string | null>): void {
  writeTo(PropertiesService.getScriptProperties(), values);
}

export function writeDocumentSettings(values: Record<string, string | null>): void {
  writeTo(PropertiesService.getDocumentProperties(), values);
}
