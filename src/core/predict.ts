import type { ApiEndpoint } from './api-client';
import { splitIntoBatches } from './batching';
import type { RowResult } from './contract';
import { Deadline } from './deadline';
import { type EngineRowResult, type EngineStats, PredictEngine } from './engine';
import { SheetBridgeError } from './errors';
import { type OutputCell, shapeOutput } from './output';
import type { Cache, Clock, Crypto, Http } from './ports';
import { DEFAULT_BACKOFF, RetryBudget } from './retry';
import { requireBaseUrl, type Settings } from './settings';
import { isBlankRow, type JsonCell, toGrid, toJsonCell } from './values';

/**
 * PREDICT's core: input grid in, output grid out. Caches whole batches (CacheService holds about
 * 1,000 entries, so one entry per row would not survive a 10,000-row sheet).
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
  cache: Cache | null;
  random: () => number;
  settings: Settings;
  /** Absolute time (ms) by which the output must be ready. */
  deadlineMs: number;
  /** Changes when the user clears the cache: keys of older generations are never read again. */
  cacheGeneration: string;
  /** Output names for a model, when has_header asks for a header row; null if unknown. */
  outputNames?: (model: string) => string[] | null;
}

export interface PredictReport extends EngineStats {
  output: OutputCell[][];
  rows: number;
  blankRows: number;
  batches: number;
  cachedBatches: number;
  failedRows: number;
}

/** Bytes of row JSON per request: far below UrlFetch's 50 MB, so one request stays quick to send. */
export const MAX_BATCH_BYTES = 2_000_000;
/** Before any latency is seen, assume a round trip may take this long. */
export const INITIAL_ROUND_ESTIMATE_MS = 3_000;

function readHeader(row: unknown[]): string[] {
  return row.map((cell, i) => {
    const name = String(toJsonCell(cell) ?? '').trim();
    if (name === '') {
      throw new SheetBridgeError(
        'BAD_INPUT',
        `The header row has an empty name in column ${i + 1}: name every column, or set has_header to FALSE.`,
      );
    }
    return name;
  });
}

/**
 * Everything that changes the answer is in the hash, and so is the signing identity: answers cached
 * while requests went unsigned must not be trusted once a secret is set. 64 hex chars keep the key far
 * below CacheService's 250.
 */
function cacheKeyOf(
  deps: PredictDeps,
  endpoint: ApiEndpoint,
  model: string,
  columns: string[] | null,
  rows: JsonCell[][],
): string {
  const signing = endpoint.secret === null ? null : endpoint.keyId;
  const hash = deps.crypto.sha256Hex(JSON.stringify([endpoint.baseUrl, signing, model, columns, rows]));
  return `sb1:${deps.cacheGeneration}:${hash}`;
}

export function predictRows(request: PredictRequest, deps: PredictDeps): PredictReport {
  const { settings } = deps;
  const baseUrl = requireBaseUrl(settings);
  const model = request.model ?? settings.model;
  const grid = toGrid(request.input);
  if (request.hasHeader && grid.length === 0) {
    throw new SheetBridgeError(
      'BAD_INPUT',
      'has_header is TRUE but the range is empty: select the header row and the data rows.',
    );
  }
  const columns = request.hasHeader ? readHeader(grid[0] as unknown[]) : null;
  const dataRows = request.hasHeader ? grid.slice(1) : grid;

  const sendRows: JsonCell[][] = [];
  const sendIndexes: number[] = [];
  dataRows.forEach((row, index) => {
    if (isBlankRow(row)) return;
    sendRows.push(row.map(toJsonCell));
    sendIndexes.push(index);
  });
  const batches = splitIntoBatches(sendRows, sendIndexes, {
    maxRows: settings.batchRows,
    maxBytes: MAX_BATCH_BYTES,
  });
  const endpoint: ApiEndpoint = { baseUrl, keyId: settings.keyId, secret: settings.secret };
  const keys = batches.map((batch) => cacheKeyOf(deps, endpoint, model, columns, batch.rows));

  const results: Array<RowResult | undefined> = new Array(dataRows.length).fill(undefined);
  const useCache = deps.cache !== null && settings.cacheTtlS > 0;
  const cached = useCache && keys.length > 0 ? (deps.cache as Cache).getAll(keys) : {};
  const misses = batches.filter((batch, b) => {
    const hit = readCachedBatch(cached[keys[b] as string], batch.rows.length);
    if (hit === null) return true;
    batch.rowIndexes.forEach((rowIndex, i) => {
      results[rowIndex] = hit[i];
    });
    return false;
  });

  const deadline = new Deadline(deps.deadlineMs, INITIAL_ROUND_ESTIMATE_MS);
  // Output names are looked up first, within the deadline: after the engine there may be no time left.
  const headerNames =
    columns === null
      ? null
      : ((deadline.allowsRoundAt(deps.clock.nowMs()) ? deps.outputNames?.(model) : null) ?? [model]);
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
      budget: new RetryBudget(deps.cache, 'sb1:retry-budget', () => deps.clock.nowMs()),
      deadline,
    },
  );
  const fresh = misses.length > 0 ? engine.run(misses) : new Map<number, EngineRowResult>();
  for (const [rowIndex, { result }] of fresh) results[rowIndex] = result;

  if (useCache) {
    // Only answers the API gave (values and its per-row verdicts) are kept; transient failures are not.
    const entries: Record<string, string> = {};
    batches.forEach((batch, b) => {
      if (!misses.includes(batch)) return;
      const rowResults = batch.rowIndexes.map((i) => fresh.get(i));
      if (rowResults.every((r) => r?.cacheable)) {
        entries[keys[b] as string] = JSON.stringify(rowResults.map((r) => r?.result));
      }
    });
    if (Object.keys(entries).length > 0) (deps.cache as Cache).putAll(entries, settings.cacheTtlS);
  }

  const failedRows = results.filter((r) => r !== undefined && !r.ok).length;
  return {
    ...engine.stats,
    output: shapeOutput(results, headerNames),
    rows: dataRows.length,
    blankRows: dataRows.length - sendRows.length,
    batches: batches.length,
    cachedBatches: batches.length - misses.length,
    failedRows,
  };
}

function readCachedBatch(raw: string | undefined, rowCount: number): RowResult[] | null {
  if (raw === undefined) return null;
  try {
    const parsed = JSON.parse(raw) as RowResult[];
    return Array.isArray(parsed) && parsed.length === rowCount ? parsed : null;
  } catch {
    return null; // a damaged entry is a miss, not a failure
  }
}
