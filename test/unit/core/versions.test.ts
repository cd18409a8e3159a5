import type { ModelInfo } from '../../../src/core/contract';
import { MODEL_LIST_FRESH_MS } from '../../../src/core/model-catalog';
import type { HttpRequest } from '../../../src/core/ports';
import { errorAnswer, predictAnswer, predictValue, versionOffset } from '../support/fake-api';
import { harness, numericRows } from '../support/predict-harness';

const sentRows = (requests: HttpRequest[]) =>
  requests.flatMap((r) => (JSON.parse(r.body ?? '{}') as { rows: unknown[][] }).rows);

/** An API whose deployed version can change, and whose model list says so. */
function deployment() {
  const api = { version: '1.0.0' };
  const h = harness((req) => predictAnswer(req, { modelVersion: api.version }));
  const list = jest.fn((): ModelInfo[] => [
    { name: 'default', version: api.version, columns: [], outputs: ['score'] },
  ]);
  const run = (rows: number[][]) => h.runWith({ fetchModels: list, hasHeader: false }, rows);
  return { api, h, list, run };
}

const valuesOf = (rows: number[][], version: string) =>
  rows.map((row) => [predictValue(row) + versionOffset(version)]);

describe('model versions', () => {
  const rows = numericRows(1_200, 3);

  it('a warm recalculation within the list lifetime reads the list from the cache: no request', () => {
    const d = deployment();
    d.run(rows);
    d.h.clock.now += MODEL_LIST_FRESH_MS - 10_000;
    const report = d.run(rows);
    expect(report.requests + report.modelListRequests).toBe(0);
    expect(d.list).not.toHaveBeenCalled(); // the first answers named the version
    expect(report.modelVersion).toBe('1.0.0'); // the version of the cached rows it shows
  });

  it('a new version reaches a recalculation once the list is older than its lifetime, and all rows move to it', () => {
    const d = deployment();
    d.run(rows);
    d.api.version = '1.1.0';
    d.h.clock.now += MODEL_LIST_FRESH_MS + 1;
    const report = d.run(rows);
    expect(report.modelListRequests).toBe(1);
    expect(report.modelVersion).toBe('1.1.0');
    expect(report.output).toEqual(valuesOf(rows, '1.1.0'));
  });

  it('a version seen in an answer invalidates every row of that output: never a mix', () => {
    const d = deployment();
    d.run(rows);
    d.api.version = '1.1.0';
    const changed = rows.map((r) => [...r]);
    (changed[5] as number[])[0] = -7;
    const before = d.h.http.requests.length;
    const report = d.run(changed);
    expect(report.output).toEqual(valuesOf(changed, '1.1.0'));
    expect(sentRows(d.h.http.requests.slice(before))).toHaveLength(1_200);
    // The version is learned: the next recalculation is served from the cache under 1.1.0.
    const again = d.run(changed);
    expect(again.requests).toBe(0);
    expect(again.output).toEqual(valuesOf(changed, '1.1.0'));
  });

  it('during a rolling deploy that answers with both versions, one output holds one version or error cells', () => {
    let n = 0;
    const h = harness((req) => predictAnswer(req, { modelVersion: n++ % 2 === 0 ? '1.0.0' : '1.1.0' }));
    const report = h.run(rows);
    const versions = new Set(
      report.output.map((cell, i) =>
        typeof cell[0] === 'number' ? cell[0] - predictValue(rows[i] as number[]) : 'error',
      ),
    );
    expect([...versions].filter((v) => v !== 'error')).toHaveLength(1);
    for (const cell of report.output.filter((c) => typeof c[0] !== 'number')) {
      expect(cell[0]).toMatch(/^#ERROR UNAVAILABLE: model "default" changed version/);
    }
  });

  it('a model list that cannot be had does not stop the call; a refused key does', () => {
    const down = deployment();
    down.list.mockImplementation(() => {
      throw Object.assign(new Error('503'), { code: 'UNAVAILABLE' });
    });
    expect(down.run([[1, 2]]).output).toEqual([[3]]);
    const refused = harness((req) => errorAnswer(req, 401, 'AUTH_BAD_SIGNATURE'));
    const { SheetBridgeError } = jest.requireActual('../../../src/core/errors');
    expect(() =>
      refused.runWith(
        {
          fetchModels: () => {
            throw new SheetBridgeError('AUTH', 'refused');
          },
          hasHeader: false,
        },
        [[1]],
      ),
    ).toThrow('refused');
  });

  it('keeps the retry budget in the shared cache, never among the results', () => {
    let attempt = 0;
    const h = harness((req) => (attempt++ === 0 ? errorAnswer(req, 503, 'UNAVAILABLE') : predictAnswer(req)));
    h.run([[1]]);
    expect([...h.sharedCache.store.keys()]).toContain('sb1:retry-budget');
    expect([...h.cache.store.keys()].some((k) => k.includes('retry-budget'))).toBe(false);
  });
});
