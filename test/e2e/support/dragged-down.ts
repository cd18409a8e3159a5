import type { CellRunner, RunResult } from '../../gas-sandbox/concurrent/run-cells';
import { startCellRunner } from '../../gas-sandbox/concurrent/run-cells';
import type { SpreadsheetSpec } from '../../gas-sandbox/spreadsheet';
import { KEYS, sampleSheet } from './e2e';

/**
 * The layout most people write (issue 9): input rows in A:H from row 2, `=PREDICT(Ak:Hk)` in Ik,
 * dragged down. Row 1 holds the sample sheet's column names, as a real sheet would.
 */
export function draggedDownSheet(
  rows: unknown[][],
  sheetName = 'Sheet1',
): { spec: SpreadsheetSpec; cells: string[] } {
  const formulas: string[][] = [
    [],
    ...rows.map((_, i) => [...Array(8).fill(''), `=PREDICT(A${i + 2}:H${i + 2})`]),
  ];
  return {
    spec: { sheets: [{ name: sheetName, values: [sampleSheet()[0] as unknown[], ...rows], formulas }] },
    cells: rows.map((_, i) => `${sheetName}!I${i + 2}`),
  };
}

/** A pool of `concurrency` executions running the built bundle over that sheet, signed requests to `baseUrl`. */
export function draggedDownRunner(
  baseUrl: string,
  rows: unknown[][],
  extra: Record<string, string> = {},
  concurrency = 30,
): Promise<CellRunner & { cells: string[] }> {
  const { spec, cells } = draggedDownSheet(rows);
  return startCellRunner({
    spreadsheet: spec,
    concurrency,
    scriptProperties: {
      SHEETBRIDGE_BASE_URL: baseUrl,
      SHEETBRIDGE_KEY_ID: 'key-2026a',
      SHEETBRIDGE_SECRET: KEYS['key-2026a'],
      ...extra,
    },
  }).then((runner) => Object.assign(runner, { cells }));
}

/** The figures a run's closing note gives: requests, round trips, wall time, overlap, slowest cell. */
export function runFigures(result: RunResult) {
  return {
    requests: result.http.requests,
    byPath: result.http.byPath,
    fetchAllCalls: result.http.fetchAllCalls,
    fetchCalls: result.http.fetchCalls,
    wallMs: Math.round(result.wallMs),
    maxConcurrent: result.maxConcurrent,
    slowestCellMs: Math.round(Math.max(...result.cells.map((c) => c.wallMs))),
    errors: result.cells.filter((c) => c.error !== undefined).length,
  };
}
