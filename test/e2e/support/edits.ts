import type { Sandbox } from '../../gas-sandbox/sandbox';

/**
 * What people do to a sheet that was already answered once, as inputs of =PREDICT: shared by the
 * e2e tests and `npm run bench`, with what a row-level cache should send for each (issue "Results that
 * survive real sheet use"). Rows are 8-column rows of the sample model; `fresh(i)` is a valid row that
 * no data row equals (its tenure is above the data's 0-89).
 */
export interface SheetEdit {
  name: string;
  apply(rows: unknown[][]): unknown[][];
  /** Predict requests and rows a row-level cache sends for it, given 500 rows per request. */
  requests: number;
  rowsSent: number | 'all';
}

export function freshRow(rows: unknown[][], i: number): unknown[] {
  const row = [...(rows[i % rows.length] as unknown[])];
  row[1] = 100 + i;
  return row;
}

export const SHEET_EDITS: SheetEdit[] = [
  { name: 'recalculation', apply: (rows) => rows, requests: 0, rowsSent: 0 },
  { name: 'one row inserted at the top', apply: (r) => [freshRow(r, 0), ...r], requests: 1, rowsSent: 1 },
  {
    name: 'one row inserted in the middle',
    apply: (r) => [...r.slice(0, r.length / 2), freshRow(r, 1), ...r.slice(r.length / 2)],
    requests: 1,
    rowsSent: 1,
  },
  { name: 'first row deleted', apply: (r) => r.slice(1), requests: 0, rowsSent: 0 },
  {
    name: 'sorted by a column',
    apply: (r) => [...r].sort((a, b) => (a[2] as number) - (b[2] as number)),
    requests: 0,
    rowsSent: 0,
  },
  {
    name: 'second formula over rows 101-5100',
    apply: (r) => r.slice(100, 5_100),
    requests: 0,
    rowsSent: 0,
  },
  {
    name: 'every other row as a new range',
    apply: (r) => r.filter((_, i) => i % 2 === 0),
    requests: 0,
    rowsSent: 0,
  },
  {
    name: 'one cell changed',
    apply: (r) => r.map((row, i) => (i === r.length / 2 ? [row[0], 101, ...row.slice(2)] : row)),
    requests: 1,
    rowsSent: 1,
  },
  {
    name: '10 rows appended',
    apply: (r) => [...r, ...Array.from({ length: 10 }, (_, i) => freshRow(r, 10 + i))],
    requests: 1,
    rowsSent: 10,
  },
  {
    name: 'columns reordered',
    apply: (r) => r.map((row) => [...row].reverse()),
    requests: 20,
    rowsSent: 'all',
  },
];

/** Predict requests and the rows they carried, since the sandbox's log was last reset. */
export function predictTraffic(sandbox: Sandbox): { requests: number; rows: number } {
  const predicts = sandbox.http.requests.filter((r) => r.url.endsWith('/v1/predict'));
  return {
    requests: predicts.length,
    rows: predicts.reduce((n, r) => n + (JSON.parse(r.payload) as { rows: unknown[] }).rows.length, 0),
  };
}
