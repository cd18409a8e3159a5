import type { EngineRowResult } from '../../../src/core/engine';
import type { ModelCatalog } from '../../../src/core/model-catalog';
import { ResultStore } from '../../../src/core/result-store';
import { contextHash, rowHash } from '../../../src/core/row-hash';
import { settleVersions } from '../../../src/core/versions';
import { FakeClock, MemoryCache } from '../support/fakes';

const context = { baseUrl: 'http://api', signing: 'k1', model: 'm', columns: null };
const rows = [[1], [2], [3], [4]];
const hashes = rows.map(rowHash);
const ctx = (version: string | null) => contextHash({ ...context, modelVersion: version });

/** The answer an API gives row `i` under `version`: its cell plus 100 per minor version. */
const answered = (i: number, version: string | null): EngineRowResult => ({
  result: { ok: true, value: answerValue(i, version) },
  cacheable: true,
  modelVersion: version,
});

type Respond = (index: number, call: number) => EngineRowResult | undefined;

/** settleVersions over a store (or none) and an API answering each row with `respond`. */
function setup(respond: Respond, withStore = true) {
  const clock = new FakeClock();
  const store = withStore ? new ResultStore(new MemoryCache(clock), '0', 3_600, () => clock.nowMs()) : null;
  store?.load(hashes, []);
  const sent: number[][] = [];
  const send = (indexes: number[]) => {
    sent.push(indexes);
    const results = new Map<number, EngineRowResult>();
    for (const i of indexes) {
      const result = respond(i, sent.length);
      if (result) results.set(i, result);
    }
    return results;
  };
  const settle = (knownVersion: string | null) =>
    settleVersions({ rows, hashes, knownVersion, context, store, send, nowMs: () => clock.nowMs() });
  return { clock, store: store as ResultStore, sent, settle };
}

/** An API whose answer for row `i` in its `call`th request names `versionOf(i, call)`. */
const byVersion = (versionOf: (index: number, call: number) => string | null) =>
  setup((i, call) => answered(i, versionOf(i, call)));

const answerValue = (i: number, version: string | null) =>
  (rows[i]?.[0] as number) + 100 * Number(version?.split('.')[1] ?? 0);
const values = (answers: ReturnType<typeof settleVersions>['answers']) =>
  answers.map((a) => {
    if (a === undefined) return undefined;
    return a.result.ok ? a.result.value : a.result.error.message;
  });

describe('settling the version of one output', () => {
  it('sends nothing when every row is cached under the known version, and leaves the model list alone', () => {
    const { store, sent, settle } = byVersion(() => '1.0');
    for (const [i, h] of hashes.entries()) store.put(ctx('1.0'), h, { ok: true, value: i });
    const settled = settle('1.0');
    expect(sent).toEqual([]);
    expect(settled.version).toBe('1.0');
    expect(settled.answers.every((a) => a?.cached && a.version === '1.0')).toBe(true);
    const catalog: ModelCatalog = { fetchedAtMs: 5, models: [] };
    expect(settled.catalogUpdate(catalog)).toBe(catalog);
  });

  it('answers agreeing with the known version are kept and cached under it, and the version is learned', () => {
    const { store, sent, settle, clock } = byVersion(() => '1.0');
    const settled = settle('1.0');
    expect(sent).toEqual([[0, 1, 2, 3]]);
    expect(values(settled.answers)).toEqual([1, 2, 3, 4]);
    expect(store.get(ctx('1.0'), hashes[2] as string)).toEqual({ ok: true, value: 3 });
    expect(settled.catalogUpdate(null)).toEqual({
      fetchedAtMs: null,
      models: [{ name: 'm', version: '1.0', outputs: [], seenAtMs: clock.nowMs() }],
    });
  });

  it('answers naming no version are cached under the known one', () => {
    const { store, settle } = byVersion(() => null);
    const settled = settle('1.0');
    expect(settled.version).toBe('1.0');
    expect(settled.answers[0]).toEqual({ result: { ok: true, value: 1 }, cached: false, version: '1.0' });
    expect(store.get(ctx('1.0'), hashes[0] as string)).toEqual({ ok: true, value: 1 });
  });

  it('a new version moves every row to it: cached rows are looked up under it, or sent again', () => {
    const { store, sent, settle } = byVersion(() => '1.1');
    store.put(ctx('1.0'), hashes[0] as string, { ok: true, value: 1 });
    store.put(ctx('1.0'), hashes[1] as string, { ok: true, value: 2 });
    store.put(ctx('1.1'), hashes[1] as string, { ok: true, value: 102 });
    const settled = settle('1.0');
    expect(sent).toEqual([[2, 3], [0]]);
    expect(settled.version).toBe('1.1');
    expect(values(settled.answers)).toEqual([101, 102, 103, 104]);
    expect(settled.answers.map((a) => a?.cached)).toEqual([false, true, false, false]);
  });

  it('the version most fresh answers name wins; a row still answered with another is an error cell', () => {
    // First call: rows 0-2 say 1.1, row 3 says 1.0. Row 3 is sent again and still says 1.0.
    const { sent, settle } = byVersion((i) => (i === 3 ? '1.0' : '1.1'));
    const settled = settle(null);
    expect(sent).toEqual([[0, 1, 2, 3], [3]]);
    expect(settled.version).toBe('1.1');
    expect(values(settled.answers)).toEqual([
      101,
      102,
      103,
      'model "m" changed version (1.0 and 1.1 answered) during this calculation: recalculate to finish',
    ]);
    expect(settled.answers[3]).toMatchObject({
      result: { error: { code: 'UNAVAILABLE' } },
      cached: false,
      version: undefined,
    });
  });

  it('a tie goes to the version answered first', () => {
    const { settle } = byVersion((i) => (i < 2 ? '1.2' : '1.1'));
    expect(settle(null).version).toBe('1.2');
  });

  it('a row sent again that now agrees takes the new answer', () => {
    const { sent, settle } = byVersion((i, call) => (i === 0 && call === 1 ? '1.0' : '1.1'));
    const settled = settle('1.0');
    expect(sent).toEqual([[0, 1, 2, 3], [0]]);
    expect(values(settled.answers)).toEqual([101, 102, 103, 104]);
  });

  it('a minority answer of another version is sent again even when the majority agrees with the known one', () => {
    const { sent, settle } = byVersion((i, call) => (i === 3 && call === 1 ? '1.1' : '1.0'));
    const settled = settle('1.0');
    expect(sent).toEqual([[0, 1, 2, 3], [3]]);
    expect(settled.version).toBe('1.0');
    expect(values(settled.answers)).toEqual([1, 2, 3, 4]);
  });

  it('transient failures are neither cached nor counted, and are not sent again', () => {
    const failure = { ok: false as const, error: { code: 'UNAVAILABLE', message: 'down' } };
    const { store, sent, settle } = setup(() => ({ result: failure, cacheable: false, modelVersion: '1.1' }));
    const settled = settle('1.0');
    expect(sent).toEqual([[0, 1, 2, 3]]);
    expect(settled.version).toBe('1.0');
    expect(settled.answers[0]).toEqual({ result: failure, cached: false, version: undefined });
    expect(store.get(ctx('1.1'), hashes[0] as string)).toBeUndefined();
    expect(store.get(ctx('1.0'), hashes[0] as string)).toBeUndefined();
  });

  it('without a store every row is sent, and a row nothing answered stays unanswered', () => {
    const { sent, settle } = setup((i) => (i > 1 ? answered(i, '1.1') : undefined), false);
    const settled = settle(null);
    expect(sent).toEqual([[0, 1, 2, 3]]);
    expect(settled.version).toBe('1.1');
    expect(settled.answers).toEqual([
      undefined,
      undefined,
      { result: { ok: true, value: 103 }, cached: false, version: '1.1' },
      { result: { ok: true, value: 104 }, cached: false, version: '1.1' },
    ]);
  });

  it('has an answer slot for every row, even when the last rows got no answer', () => {
    const { settle } = setup((i) => (i < 2 ? answered(i, '1.0') : undefined), false);
    const { answers } = settle('1.0');
    expect(answers).toHaveLength(4);
    expect(Object.keys(answers)).toEqual(['0', '1', '2', '3']);
  });

  it('a new version sends again only the rows answered with another one: not failures, not unanswered rows', () => {
    const failure = { ok: false as const, error: { code: 'TIMEOUT', message: 'late' } };
    const { store, sent, settle } = setup((i) => {
      if (i === 0) return { result: failure, cacheable: false, modelVersion: null };
      return i === 1 ? undefined : answered(i, '1.1');
    });
    store.put(ctx('1.0'), hashes[3] as string, { ok: true, value: 4 });
    const settled = settle('1.0');
    expect(sent).toEqual([[0, 1, 2], [3]]);
    expect(settled.answers[0]).toEqual({ result: failure, cached: false, version: undefined });
    expect(settled.answers[1]).toBeUndefined();
    expect(values(settled.answers).slice(2)).toEqual([103, 104]);
  });
});
