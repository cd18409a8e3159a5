import type { HttpRequest } from '../../../src/core/ports';
import { errorAnswer, predictAnswer, predictValue } from '../support/fake-api';
import { harness, numericRows } from '../support/predict-harness';

/** Rows sent to /v1/predict, over all requests so far. */
function sentRows(requests: HttpRequest[]): unknown[][] {
  return requests.flatMap((r) => (JSON.parse(r.body ?? '{}') as { rows: unknown[][] }).rows);
}

const expected = (rows: number[][]) => rows.map((row) => [predictValue(row)]);

describe('row-level results cache: position plays no part', () => {
  const rows = numericRows(1_200, 3);

  it('a second identical call makes no request and says every row came from the cache', () => {
    const h = harness((req) => predictAnswer(req));
    const first = h.run(rows);
    const second = h.run(rows);
    expect(h.http.requests).toHaveLength(3);
    expect(second.output).toEqual(first.output);
    expect(second.cachedRows).toBe(1_200);
    expect(second.requests).toBe(0);
  });

  it.each([
    ['a row inserted at the top', () => [[-1, -1, -1], ...rows], 1],
    ['a row inserted in the middle', () => [...rows.slice(0, 600), [-2, -2, -2], ...rows.slice(600)], 1],
    ['the first row deleted', () => rows.slice(1), 0],
    ['the rows sorted', () => [...rows].sort((a, b) => (b[1] as number) - (a[1] as number)), 0],
    ['a second formula over an offset sub-range', () => rows.slice(101, 1_101), 0],
    ['every other row as a new range', () => rows.filter((_, i) => i % 2 === 1), 0],
    ['10 rows appended', () => [...rows, ...numericRows(10, 3).map((r) => r.map((c) => c + 5_000))], 10],
  ])('%s sends only the rows never seen', (_name, edit, newRows) => {
    const h = harness((req) => predictAnswer(req));
    h.run(rows);
    const before = h.http.requests.length;
    const edited = edit();
    const report = h.run(edited);
    const sent = sentRows(h.http.requests.slice(before));
    expect(sent).toHaveLength(newRows);
    expect(report.requests).toBe(newRows === 0 ? 0 : 1);
    expect(report.output).toEqual(expected(edited));
  });

  it('one changed cell sends that row alone', () => {
    const h = harness((req) => predictAnswer(req));
    h.run(rows);
    const changed = rows.map((r) => [...r]);
    (changed[700] as number[])[0] = -1;
    const report = h.run(changed);
    expect(sentRows(h.http.requests.slice(3))).toEqual([changed[700]]);
    expect(report.output[700]).toEqual([predictValue(changed[700] as number[])]);
  });

  it('the same cells in another column order are other input: sent again, answered right', () => {
    const h = harness((req) => predictAnswer(req, { arrayValues: true }));
    const data = [
      [1, 'a', 10],
      [2, 'b', 20],
    ];
    h.run(data);
    const reordered = data.map(([x, y, z]) => [z, y, x]);
    h.run(reordered);
    expect(sentRows(h.http.requests.slice(1))).toEqual(reordered);
  });

  it('sends identical rows once and answers each of them', () => {
    const h = harness((req) => predictAnswer(req));
    const report = h.run([[5], [5], [], [5], [6]]);
    expect(sentRows(h.http.requests)).toEqual([[5], [6]]);
    expect(report.output).toEqual([[5], [5], [''], [5], [6]]);
  });
});

describe('row-level results cache: what is kept, and what changes the key', () => {
  it('caches the API per-row verdicts but never transient failures', () => {
    let fail = true;
    const h = harness((req) => (fail ? errorAnswer(req, 503, 'UNAVAILABLE') : predictAnswer(req)), {
      SHEETBRIDGE_MAX_ATTEMPTS: '1',
    });
    expect(h.run([[1], ['bad']]).failedRows).toBe(2);
    fail = false;
    const fixed = h.run([[1], ['bad']]);
    expect(fixed.output).toEqual([[1], ['#ERROR INVALID_ROW: first cell must not be "bad"']]);
    const again = h.run([[1], ['bad']]);
    expect(again.requests).toBe(0);
    expect(again.output).toEqual(fixed.output);
  });

  it.each([
    ['model', (h: ReturnType<typeof harness>) => h.run([['age'], [1]], { model: 'other' })],
    ['header', (h: ReturnType<typeof harness>) => h.run([['years'], [1]], { hasHeader: true })],
  ])('another %s is another entry', (_name, vary) => {
    const h = harness((req) => predictAnswer(req));
    h.run([['age'], [1]], { hasHeader: true });
    h.run([['age'], [1]], { hasHeader: true });
    expect(h.http.requests).toHaveLength(1);
    vary(h);
    expect(h.http.requests).toHaveLength(2);
  });

  it('another cache generation ("Clear cache") is another entry', () => {
    const h = harness((req) => predictAnswer(req));
    h.run([[1]]);
    h.run([[1]], { cacheGeneration: '2' });
    expect(h.http.requests).toHaveLength(2);
  });

  it('answers cached while requests went unsigned are not served once a secret is set', () => {
    const unsigned = harness((req) => predictAnswer(req, { secret: null }), { SHEETBRIDGE_SECRET: '' });
    unsigned.run([[1]]);
    const signed = harness((req) => predictAnswer(req));
    for (const [key, entry] of unsigned.cache.store) signed.cache.store.set(key, entry);
    signed.run([[1]]);
    expect(signed.http.requests).toHaveLength(1);
  });

  it('SHEETBRIDGE_CACHE_TTL_S=0 disables the cache', () => {
    const h = harness((req) => predictAnswer(req), { SHEETBRIDGE_CACHE_TTL_S: '0' });
    h.run([[1]]);
    h.run([[1]]);
    expect(h.http.requests).toHaveLength(2);
    expect(h.cache.puts).toBe(0);
    expect(h.cache.gets).toBe(0);
  });

  it('rows expire after the TTL even when their bucket is rewritten later', () => {
    const h = harness((req) => predictAnswer(req), { SHEETBRIDGE_CACHE_TTL_S: '60' });
    const sameBucket = findRowsInOneBucket(2);
    h.run([sameBucket[0]]);
    h.clock.now += 45_000;
    h.run([sameBucket[1]]); // rewrites the bucket, with a fresh lifetime
    h.clock.now += 20_000;
    const report = h.run(sameBucket);
    expect(sentRows(h.http.requests.slice(2))).toEqual([sameBucket[0]]);
    expect(report.cachedRows).toBe(1);
  });

  it('an evicted or damaged bucket is a miss, not a failure', () => {
    const h = harness((req) => predictAnswer(req));
    h.run(numericRows(50));
    const keys = [...h.cache.store.keys()].filter((k) => k.startsWith('sb2:rows:'));
    h.cache.store.delete(keys[0] as string);
    (h.cache.store.get(keys[1] as string) as { value: string }).value = '{not json';
    (h.cache.store.get(keys[2] as string) as { value: string }).value = '{"x":{"y":[9e15,1,5]}}';
    const report = h.run(numericRows(50));
    expect(report.output).toEqual(expected(numericRows(50)));
    expect(report.requests).toBe(1);
    expect(report.cachedRows).toBeLessThan(50);
  });

  it('an execution that overwrites a bucket another just wrote loses its rows to a later miss, never to a wrong answer', () => {
    const h = harness((req) => predictAnswer(req));
    const [a, b] = findRowsInOneBucket(2) as [number[], number[]];
    // Two executions read the empty bucket at once; B writes last and drops A's row.
    const snapshot = new Map(h.cache.store);
    h.run([a]);
    h.cache.store.clear();
    for (const [k, v] of snapshot) h.cache.store.set(k, v);
    h.run([b]);
    const report = h.run([a, b]);
    expect(report.output).toEqual([[predictValue(a)], [predictValue(b)]]);
    expect(sentRows(h.http.requests.slice(2))).toEqual([a]);
  });
});

/** Rows whose hashes share a bucket: found by trying, since the bucket comes from the content hash. */
function findRowsInOneBucket(count: number): number[][] {
  const probe = harness((req) => predictAnswer(req));
  const byBucket = new Map<string, number[][]>();
  for (let i = 0; i < 2_000; i++) {
    probe.cache.store.clear();
    probe.run([[i, 0.5]]);
    const key = [...probe.cache.store.keys()].find((k) => k.startsWith('sb2:rows:')) as string;
    const rows = byBucket.get(key) ?? [];
    rows.push([i, 0.5]);
    byBucket.set(key, rows);
    if (rows.length === count) return rows;
  }
  throw new Error('no bucket filled');
}
