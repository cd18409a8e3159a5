import type { ModelInfo } from './contract';
import { isSheetBridgeError } from './errors';
import type { Clock } from './ports';
import { shortHash } from './row-hash';

/**
 * What the client knows of the API's models: versions (part of every result's cache key) and output
 * names (header rows). It lives in the same cache as the results and is read in the same getAll, so a
 * warm recalculation costs one cache read. A deploy of a new model version reaches every formula within
 * MODEL_LIST_FRESH_MS: older lists are fetched again, and a version seen in an answer is learned at once.
 */

/** How long a fetched model list is trusted: a new version shows within this time of its deploy. */
export const MODEL_LIST_FRESH_MS = 5 * 60_000;

/** The cache key of an API's model list, as seen by one signing identity. */
export function catalogKey(generation: string, baseUrl: string, signing: string | null): string {
  return `sb2:models:${generation}:${shortHash(JSON.stringify([baseUrl, signing]))}`;
}

export interface CatalogModel {
  name: string;
  version: string | null;
  outputs: string[];
  /** When an answer last named this version (the list's fetch time counts too). */
  seenAtMs: number | null;
}

export interface ModelCatalog {
  /** When the list was fetched from /v1/models; null when it holds only versions seen in answers. */
  fetchedAtMs: number | null;
  models: CatalogModel[];
}

export function catalogFromModels(models: ModelInfo[], nowMs: number): ModelCatalog {
  return {
    fetchedAtMs: nowMs,
    models: models.map(({ name, version, outputs }) => ({
      name,
      version,
      outputs: [...outputs],
      seenAtMs: nowMs,
    })),
  };
}

/** A cached catalog, or null when the entry is missing or not one we wrote. */
export function parseCatalog(raw: string | undefined): ModelCatalog | null {
  if (raw === undefined) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<ModelCatalog>;
    const at = parsed.fetchedAtMs;
    if ((at !== null && typeof at !== 'number') || !Array.isArray(parsed.models)) return null;
    const models = parsed.models.filter(
      (m): m is CatalogModel =>
        typeof m?.name === 'string' &&
        (m.version === null || typeof m.version === 'string') &&
        (m.seenAtMs === null || typeof m.seenAtMs === 'number') &&
        Array.isArray(m.outputs) &&
        m.outputs.every((o: unknown) => typeof o === 'string'),
    );
    return { fetchedAtMs: at, models };
  } catch {
    return null;
  }
}

/** Whether what the catalog says of `model` is recent enough to trust its version. */
export function isFresh(catalog: ModelCatalog | null, model: string, nowMs: number): boolean {
  const seen = catalog?.models.find((m) => m.name === model)?.seenAtMs ?? null;
  const latest = Math.max(catalog?.fetchedAtMs ?? Number.NEGATIVE_INFINITY, seen ?? Number.NEGATIVE_INFINITY);
  return nowMs - latest < MODEL_LIST_FRESH_MS;
}

export function versionOf(catalog: ModelCatalog | null, model: string): string | null {
  return catalog?.models.find((m) => m.name === model)?.version ?? null;
}

export function outputsOf(catalog: ModelCatalog | null, model: string): string[] | null {
  const outputs = catalog?.models.find((m) => m.name === model)?.outputs;
  return outputs && outputs.length > 0 ? outputs : null;
}

/** The catalog with `model` at `version`, as an answer told it at `nowMs`. */
export function learnVersion(
  catalog: ModelCatalog | null,
  model: string,
  version: string | null,
  nowMs: number,
): ModelCatalog {
  const models = (catalog?.models ?? []).filter((m) => m.name !== model);
  const known = catalog?.models.find((m) => m.name === model);
  models.push({ name: model, version, outputs: known?.outputs ?? [], seenAtMs: nowMs });
  return { fetchedAtMs: catalog?.fetchedAtMs ?? null, models };
}

/** What may hold back a model-list fetch and hears how it went: PREDICT's deadline and circuit breaker. */
export interface CatalogFetchGuard {
  mayFetchAt(nowMs: number): boolean;
  answered(): void;
  unavailable(): void;
  took(elapsedMs: number): void;
}

export interface CatalogSource {
  /** GET /v1/models for this endpoint; absent where the list cannot be fetched. */
  fetchModels?: () => ModelInfo[];
  clock: Clock;
  guard?: CatalogFetchGuard;
}

export interface CatalogLookup {
  catalog: ModelCatalog | null;
  /** The catalog was fetched just now: the caller caches it. */
  fetched: boolean;
  /** A fetch was tried (answered or not). */
  requested: boolean;
}

/**
 * An endpoint's model list: the cached one unless `needed` (stale, or without what the caller needs),
 * else fetched when the guard allows, else the cached one. A refused key or a forged answer stops the
 * caller; an API that cannot list its models leaves the cached list, and its use, to the caller.
 */
export function currentCatalog(
  cached: ModelCatalog | null,
  needed: boolean,
  source: CatalogSource,
): CatalogLookup {
  const { fetchModels, clock, guard } = source;
  const now = clock.nowMs();
  if (!needed || !fetchModels || (guard && !guard.mayFetchAt(now))) {
    return { catalog: cached, fetched: false, requested: false };
  }
  try {
    const catalog = catalogFromModels(fetchModels(), now);
    guard?.answered();
    return { catalog, fetched: true, requested: true };
  } catch (error) {
    if (isSheetBridgeError(error) && (error.code === 'AUTH' || error.code === 'BAD_SIGNATURE')) throw error;
    if (isSheetBridgeError(error) && error.code === 'UNAVAILABLE') guard?.unavailable();
    return { catalog: cached, fetched: false, requested: true };
  } finally {
    guard?.took(clock.nowMs() - now);
  }
}
