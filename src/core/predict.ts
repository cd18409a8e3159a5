import { endpointOf, signingIdentity } from './api-client';
import { splitIntoBatches } from './batching';
import { breakerFor, type CircuitBreaker } from './circuit-breaker';
import type { ModelInfo, RowResult } from './contract';
import { Deadline } from './deadline';
import { type EngineStats, PredictEngine } from './engine';
import { SheetBridgeError } from './errors';
import {
  type CatalogFetchGuard,
  catalogKey,
  currentCatalog,
  isFresh,
  outputsOf,
  parseCatalog,
  versionOf,
} from './model-catalog';
import { type OutputCell, shapeOutput } from './output';
import type { Cache, Clock, Crypto, Http } from './ports';
import { ResultStore } from './result-store';
import { DEFAULT_BACKOFF, RetryBudget } from './retry';
import { rowHash } from './row-hash';
import type { Settings } from './settings';
import { isBlankRow, type JsonCell, memoiseZoneOffset, toGrid, toJsonCell, type ZoneOffset } from './values';
import { settleVersions } from './versions';

/**
 * PREDICT's core: input grid in, output grid out. Rows are looked up in the row-level results cache by
 * content (result-store.ts), identical rows are sent once, and only rows never seen go to the API.
 */

export interface PredictRequest {
  input: unknown;
  model: string | null;
  hasHeader: boolean;
}

export interface PredictDeps {
  http: Http;
  clock: Clock;
  crypto: Crypto;
  /** Where row results and the model list live (the document cache where there is one); null: none. */
  cache: Cache | null;
  /** Shared by every execution of the deployment (the script cache): the retry budget. */
  sharedCache?: Cache | null;
  random: () => number;
  settings: Settings;
  /** Absolute time (ms) by which the output must be ready. */
  deadlineMs: number;
  /** Changes when the user clears the cache: keys of older generations are never read again. */
  cacheGeneration: string;
  /** GET /v1/models; absent where no request may be spent on it (then versions come from answers). */
  fetchModels?: () => ModelInfo[];
  /** The spreadsheet's UTC offset: dates are sent as its local date-times. */
  zoneOffset?: ZoneOffset;
  /** Cell text for "calls are paused until then" (the circuit breaker), in the user's language. */
  describePause?: (untilMs: number) => string;
  /** Answer from the cache only: send nothing, write nothing; `missingRows` says what is left. */
  lookupOnly?: boolean;
}

export interface PredictReport extends EngineStats {
  output: OutputCell[][];
  rows: number;
  blankRows: number;
  /** Non-blank rows answered from the results cache. */
  cachedRows: number;
  failedRows: number;
  /** Non-blank rows without an answer: only with lookupOnly, the rows the cache does not hold. */
  missingRows: number;
  /** Each data row's result, undefined for a blank (or, with lookupOnly, a missing) row. */
  results: Array<RowResult | undefined>;
  /** 1 when this call asked the API for its model list. */
  modelListRequests: number;
}

/** Bytes of row JSON per request: far below UrlFetch's 50 MB, so one request stays quick to send. */
export const MAX_BATCH_BYTES = 2_000_000;
/** Before any latency is seen, assume a round trip may take this long. */
export const INITIAL_ROUND_ESTIMATE_MS = 3_000;

function readHeader(row: unknown[], zone: ZoneOffset | undefined): string[] {
  return row.map((cell, i) => {
    const name = String(toJsonCell(cell, zone) ?? '').trim();
    if (name === '') {
      throw new SheetBridgeError(
        'BAD_INPUT',
        `The header row has an empty name in column ${i + 1}: name every column, or set has_header to FALSE.`,
      );
    }
    return name;
  });
}

/** Distinct non-blank rows, each once, with the data rows that hold it. */
interface DistinctRows {
  cells: JsonCell[][];
  hashes: string[];
  /** For each data row, the index of its distinct row; -1 for a blank row. */
  of: number[];
}

function distinctRows(dataRows: unknown[][], zone: ZoneOffset | undefined): DistinctRows {
  const found: DistinctRows = { cells: [], hashes: [], of: [] };
  const byHash = new Map<string, number>();
  for (const row of dataRows) {
    if (isBlankRow(row)) {
      found.of.push(-1);
      continue;
    }
    const cells = row.map((cell) => toJsonCell(cell, zone));
    const hash = rowHash(cells);
    let index = byHash.get(hash);
    if (index === undefined) {
      index = found.cells.length;
      byHash.set(hash, index);
      found.cells.push(cells);
      found.hashes.push(hash);
    }
    found.of.push(index);
  }
  return found;
}

/** Model-list fetches within PREDICT's deadline, and not while the breaker holds calls back. */
function catalogGuard(deadline: Deadline, breaker: CircuitBreaker): CatalogFetchGuard {
  return {
    mayFetchAt: (nowMs) => deadline.allowsRoundAt(nowMs) && breaker.pausedUntil() === null,
    answered: () => breaker.recordAnsweredRound(true), // one request: its answer is the latest news
    unavailable: () => breaker.recordFailedRound(),
    took: (elapsedMs) => deadline.recordRound(elapsedMs),
  };
}

export function predictRows(request: PredictRequest, deps: PredictDeps): PredictReport {
  const { settings } = deps;
  const endpoint = endpointOf(settings);
  const { baseUrl } = endpoint;
  const model = request.model ?? settings.model;
  const zone = deps.zoneOffset ? memoiseZoneOffset(deps.zoneOffset) : undefined;
  const grid = toGrid(request.input);
  if (request.hasHeader && grid.length === 0) {
    throw new SheetBridgeError(
      'BAD_INPUT',
      'has_header is TRUE but the range is empty: select the header row and the data rows.',
    );
  }
  const columns = request.hasHeader ? readHeader(grid[0] as unknown[], zone) : null;
  const dataRows = request.hasHeader ? grid.slice(1) : grid;
  const rows = distinctRows(dataRows, zone);
  const signing = signingIdentity(endpoint);

  const store =
    deps.cache !== null && settings.cacheTtlS > 0
      ? new ResultStore(deps.cache, deps.cacheGeneration, settings.cacheTtlS, () => deps.clock.nowMs())
      : null;
  const listKey = catalogKey(deps.cacheGeneration, baseUrl, signing);
  // One cache read for everything: the buckets of these rows and the model list.
  const cachedCatalog = store ? parseCatalog(store.load(rows.hashes, [listKey])[listKey]) : null;

  const deadline = new Deadline(deps.deadlineMs, INITIAL_ROUND_ESTIMATE_MS);
  // The list is asked for only when cached rows may be of an older version (with no list at all, there
  // are none to reuse and the answers name the version), or when a header row needs output names.
  const now = deps.clock.nowMs();
  const staleVersion = store !== null && cachedCatalog !== null && !isFresh(cachedCatalog, model, now);
  const needsNames = columns !== null && outputsOf(cachedCatalog, model) === null;
  const breaker = breakerFor(deps.sharedCache ?? deps.cache, baseUrl, () => deps.clock.nowMs());
  const { catalog, fetched, requested } = currentCatalog(
    cachedCatalog,
    (staleVersion || needsNames) && rows.cells.length > 0 && !deps.lookupOnly,
    { fetchModels: deps.fetchModels, clock: deps.clock, guard: catalogGuard(deadline, breaker) },
  );

  const engine = new PredictEngine(
    {
      endpoint,
      model,
      columns,
      maxAttempts: settings.maxAttempts,
      parallel: settings.parallel,
      backoff: DEFAULT_BACKOFF,
    },
    {
      http: deps.http,
      clock: deps.clock,
      crypto: deps.crypto,
      random: deps.random,
      budget: new RetryBudget(deps.sharedCache ?? deps.cache, 'sb1:retry-budget', () => deps.clock.nowMs()),
      deadline,
      breaker,
      describePause: deps.describePause,
    },
  );
  const settled = settleVersions({
    rows: rows.cells,
    hashes: rows.hashes,
    knownVersion: versionOf(catalog, model),
    context: { baseUrl, signing, model, columns },
    store,
    nowMs: () => deps.clock.nowMs(),
    send: (indexes) => {
      if (deps.lookupOnly) return new Map();
      const batches = splitIntoBatches(
        indexes.map((i) => rows.cells[i] as JsonCell[]),
        indexes,
        { maxRows: settings.batchRows, maxBytes: MAX_BATCH_BYTES },
      );
      return engine.run(batches);
    },
  });

  if (store && !deps.lookupOnly) {
    const newCatalog = settled.catalogUpdate(catalog);
    store.flush(fetched || newCatalog !== catalog ? { [listKey]: JSON.stringify(newCatalog) } : {});
  }

  // A cache-only look with a stale model list answers nothing: the rows may be of an older version.
  const unusable = deps.lookupOnly === true && staleVersion;
  const results = rows.of.map((i): RowResult | undefined =>
    i < 0 || unusable ? undefined : settled.answers[i]?.result,
  );
  const headerNames = columns === null ? null : (outputsOf(catalog, model) ?? [model]);
  return {
    ...engine.stats,
    modelVersion: settled.version ?? engine.stats.modelVersion,
    output: shapeOutput(results, headerNames),
    rows: dataRows.length,
    blankRows: rows.of.filter((i) => i < 0).length,
    cachedRows: rows.of.filter((i) => i >= 0 && settled.answers[i]?.cached).length,
    failedRows: results.filter((r) => r !== undefined && !r.ok).length,
    missingRows: rows.of.filter((i) => i >= 0 && (unusable || settled.answers[i] === undefined)).length,
    results,
    modelListRequests: requested ? 1 : 0,
  };
}
