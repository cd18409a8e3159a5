import { breakerFor } from '../../../src/core/circuit-breaker';
import type { ModelInfo } from '../../../src/core/contract';
import { SheetBridgeError } from '../../../src/core/errors';
import { MODEL_LIST_FRESH_MS } from '../../../src/core/model-catalog';
import { predictRows } from '../../../src/core/predict';
import { errorAnswer, predictAnswer, predictValue, versionOffset } from '../support/fake-api';
import { BASE_URL, harness, numericRows } from '../support/predict-harness';

/**
 * The model list inside a PREDICT call: its fetch answers to the same deadline and circuit breaker as
 * the predictions, and a cache-only look (dragged-down formulas) never serves rows the list says may be
 * of an older version.
 */

const LIST: ModelInfo[] = [{ name: 'default', version: '1.0.0', columns: [], outputs: ['score'] }];
const answeredAt1_0 = (row: number[]) => predictValue(row) + versionOffset('1.0.0');

/** Rows answered and cached at version 1.0.0, then left until the model list is no longer fresh. */
function cachedThenStale() {
  const h = harness((req) => predictAnswer(req, { modelVersion: '1.0.0' }));
  const rows = numericRows(3, 2);
  h.run(rows);
  h.clock.now += MODEL_LIST_FRESH_MS + 1;
  return { h, rows };
}

describe('predictRows: the model-list fetch answers to the breaker and the deadline', () => {
  it('an API down for the model list opens the breaker: cached recalculations then stop asking for it', () => {
    const { h, rows } = cachedThenStale();
    const list = jest.fn((): ModelInfo[] => {
      throw new SheetBridgeError('UNAVAILABLE', 'HTTP 503 from /v1/models');
    });
    const outputs = [];
    for (let call = 0; call < 5; call++) {
      outputs.push(h.runWith({ fetchModels: list, hasHeader: false }, rows).output);
      h.clock.now += 600;
    }
    // Three failed fetches over 1.2 s open the breaker; the two calls after it ask nothing.
    expect(list).toHaveBeenCalledTimes(3);
    expect(h.http.requests).toHaveLength(1); // the first run's /v1/predict, nothing since
    // The cached rows are still served, under the version last known.
    for (const output of outputs) expect(output).toEqual(rows.map((row) => [answeredAt1_0(row)]));
  });

  /** A header call over 25 s whose model list takes `listMs` of it. */
  function withListTaking(listMs: number) {
    const h = harness((req) => predictAnswer(req));
    const list = () => {
      h.clock.now += listMs;
      return LIST;
    };
    return { h, report: h.runWith({ fetchModels: list, budgetMs: 25_000 }, [['age'], [30]]) };
  }

  it('a model list that answers ends a streak of failures, as an answered prediction round does', () => {
    const api = { status: 200 };
    const h = harness(
      (req) =>
        api.status === 200
          ? predictAnswer(req, { modelVersion: '1.0.0' })
          : errorAnswer(req, api.status, 'X'),
      { SHEETBRIDGE_MAX_ATTEMPTS: '1' },
    );
    h.run([[1, 2]]);
    h.clock.now += MODEL_LIST_FRESH_MS + 1; // the next call asks for the list
    const elsewhere = breakerFor(h.sharedCache, BASE_URL, () => h.clock.nowMs());
    elsewhere.recordFailedRound();
    h.clock.now += 500;
    elsewhere.recordFailedRound();
    // The rows are cached: the list is this call's only request, and it is answered.
    h.runWith({ fetchModels: () => LIST, hasHeader: false }, [[1, 2]]);
    h.clock.now += 500;
    api.status = 503;
    h.run([[5, 6]]); // one failed round: a new streak, not the third of the old one
    api.status = 200;
    expect(h.run([[7, 8]]).output).toEqual([[15]]);
  });

  it('a slow model list counts as a round: after 12 s on it, no round expected to take 15 s starts in the 13 s left', () => {
    // 12 s spent, 13 s left: a round now expected to take 15 s (12 s x 1.25) is not started.
    const { h, report } = withListTaking(12_000);
    expect(h.http.requests).toHaveLength(0);
    expect(report.output[0]).toEqual(['score']);
    expect(String(report.output[1]?.[0])).toMatch(/^#ERROR TIMEOUT: not sent: /);
  });

  it('a model list that answered in time leaves the round to go ahead', () => {
    const { h, report } = withListTaking(2_000);
    expect(h.http.requests).toHaveLength(1);
    expect(report.output).toEqual([['score'], [30]]);
  });
});

describe('predictRows: no model list for nothing to predict', () => {
  it('a header over blank rows asks for no model list: there are no rows to name outputs for', () => {
    const h = harness((req) => predictAnswer(req));
    const list = jest.fn(() => LIST);
    const report = h.runWith({ fetchModels: list }, [['age'], ['']]);
    expect(list).not.toHaveBeenCalled();
    expect(report.modelListRequests).toBe(0);
    expect(h.http.requests).toHaveLength(0);
  });
});

describe('predictRows: where the model list and rows are kept', () => {
  it('a header call whose cached list names the outputs asks for the list once, not on every call', () => {
    const h = harness((req) => predictAnswer(req));
    const list = jest.fn(() => LIST);
    h.runWith({ fetchModels: list }, [['age'], [30]]);
    const again = h.runWith({ fetchModels: list }, [['age'], [31]]);
    expect(list).toHaveBeenCalledTimes(1);
    expect(again.output).toEqual([['score'], [31]]);
  });

  it('with no cache at all every call is answered by the API, and nothing fails for want of one', () => {
    const h = harness((req) => predictAnswer(req));
    const deps = { ...h.deps(), cache: null, sharedCache: null };
    for (let call = 0; call < 2; call++) {
      expect(predictRows({ input: [[1, 2]], model: null, hasHeader: false }, deps).output).toEqual([[3]]);
    }
    expect(h.http.requests).toHaveLength(2);
  });
});

describe('predictRows: a cache-only look (lookupOnly)', () => {
  it('answers cached rows, sends nothing, and counts only non-blank rows it does not hold as missing', () => {
    const h = harness((req) => predictAnswer(req, { modelVersion: '1.0.0' }));
    h.run([[1, 2]]);
    const report = predictRows(
      {
        input: [
          [1, 2],
          ['', ''],
          [5, 6],
          ['', ''],
        ],
        model: null,
        hasHeader: false,
      },
      { ...h.deps(), lookupOnly: true },
    );
    expect(h.http.requests).toHaveLength(1); // the first run's only
    expect(report.output).toEqual([[answeredAt1_0([1, 2])], [''], [''], ['']]);
    expect(report.missingRows).toBe(1);
    expect(report.cachedRows).toBe(1);
    expect(report.blankRows).toBe(2);
  });

  it('with a model list past its lifetime it answers nothing: the cached rows may be of an older version', () => {
    const { h, rows } = cachedThenStale();
    const list = jest.fn(() => LIST);
    const report = predictRows(
      { input: [...rows, ['', '']], model: null, hasHeader: false },
      { ...h.deps({ fetchModels: list }), lookupOnly: true },
    );
    expect(report.results).toEqual([undefined, undefined, undefined, undefined]);
    expect(report.missingRows).toBe(3);
    expect(list).not.toHaveBeenCalled(); // a look never spends a request
    expect(h.http.requests).toHaveLength(1);
  });
});
