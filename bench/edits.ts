/**
 * The edit scenarios of issue "Results that survive real sheet use", measured on the built bundle:
 * 10,000 rows answered once, then each edit as a new calculation, with the requests and rows it sent
 * and the estimated Apps Script time of the execution (sandbox cost ledger). The naive per-row client
 * keeps no results, so it sends every row of the edited range again: one request per row.
 */

import { MAX_BUCKET_BYTES, ResultStore } from '../src/core/result-store';
import { rowHash } from '../src/core/row-hash';
import { freshRow, predictTraffic, SHEET_EDITS } from '../test/e2e/support/edits';
import { createSandbox } from '../test/gas-sandbox/sandbox';
import { MemoryCache } from '../test/unit/support/fakes';

export interface EditCase {
  edit: string;
  rows: number;
  requests: number;
  rowsSent: number;
  naiveRequests: number;
  naiveRowsSent: number;
  estimatedAppsScriptMs: number;
}

export function measureEdits(rows: unknown[][], props: Record<string, string>) {
  const sandbox = createSandbox({ scriptProperties: props });
  sandbox.callCustomFunction('PREDICT', rows);
  const cold = sandbox.lastExecution;
  const cases: EditCase[] = [];
  for (const edit of SHEET_EDITS) {
    const input = edit.apply(rows);
    sandbox.http.reset();
    sandbox.callCustomFunction('PREDICT', input);
    const traffic = predictTraffic(sandbox);
    cases.push({
      edit: edit.name,
      rows: input.length,
      requests: traffic.requests,
      rowsSent: traffic.rows,
      naiveRequests: input.length,
      naiveRowsSent: input.length,
      estimatedAppsScriptMs: Math.round(sandbox.lastExecution.estimatedAppsScriptMs),
    });
  }
  sandbox.callCustomFunction('PREDICT', rows);
  const warm = sandbox.lastExecution;
  const summary = {
    coldEstimatedAppsScriptMs: Math.round(cold.estimatedAppsScriptMs),
    coldNodeMs: Math.round(cold.wallMs),
    warmEstimatedAppsScriptMs: Math.round(warm.estimatedAppsScriptMs),
    warmNodeMs: Math.round(warm.wallMs),
    warmServiceCalls: Object.fromEntries(warm.ledger.calls),
  };
  return { cases, summary, close: () => sandbox.close() };
}

/**
 * Distinct rows of the sample model that fit before the first row is dropped: rows go into the results
 * store in chunks of 25,000, as recalculations would, until a bucket is full enough that the store had
 * to shrink it (its value within one entry of the limit). Figures are to the nearest 25,000 rows.
 */
export function cacheCapacity(sample: unknown[][]): number {
  const cache = new MemoryCache({ nowMs: () => 0 });
  const chunk = 25_000;
  for (let start = 0; start < 2_000_000; start += chunk) {
    const store = new ResultStore(cache, '0', 21_600, () => 0);
    const hashes = Array.from({ length: chunk }, (_, i) => rowHash(freshRow(sample, start + i) as never));
    store.load(hashes, []);
    hashes.forEach((hash, i) => {
      store.put('context-hash-16c', hash, { ok: true, value: ((start + i) % 10_000) / 10_000 });
    });
    store.flush();
    const fullest = Math.max(...[...cache.store.values()].map((entry) => entry.value.length));
    if (fullest > MAX_BUCKET_BYTES - 64) return start;
  }
  return Number.POSITIVE_INFINITY;
}
