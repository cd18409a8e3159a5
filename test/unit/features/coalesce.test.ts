import { loadSettings } from '../../../src/core/settings';
import { type BlockAccess, predictCoalesced } from '../../../src/features/predict/coalesce';
import { predictAnswer, predictValue } from '../support/fake-api';
import { FakeClock, MemoryCache, ScriptedHttp, settingsOf } from '../support/fakes';
import { nodeCrypto } from '../support/node-crypto';

const settings = loadSettings(
  settingsOf({
    SHEETBRIDGE_BASE_URL: 'http://203.0.113.10',
    SHEETBRIDGE_SECRET: 'unit-test-secret-not-real',
  }),
);

/** A column of dragged-down formulas over `rows`, sharing one results cache and one lock. */
function draggedColumn(rows: number[][]) {
  const clock = new FakeClock();
  const http = new ScriptedHttp((req) => predictAnswer(req), clock);
  const cache = new MemoryCache(clock);
  const sharedCache = new MemoryCache(clock);
  const seen = { discoveries: 0, leads: 0, lockFree: true };
  const access = (callerRow: number, block: unknown[][] | null = null): BlockAccess => ({
    draggedBlock: () => {
      seen.discoveries += 1;
      return block ?? rows.filter((_, i) => i !== callerRow);
    },
    lead: (_waitMs, work) => {
      if (!seen.lockFree) return null;
      seen.leads += 1;
      return work();
    },
  });
  const call = (row: number, block?: unknown[][] | null) =>
    predictCoalesced(
      { input: [rows[row]], model: null, hasHeader: false },
      {
        http,
        clock,
        crypto: nodeCrypto,
        cache,
        sharedCache,
        random: () => 0.5,
        settings,
        deadlineMs: clock.nowMs() + 25_000,
        cacheGeneration: '0',
      },
      access(row, block),
    );
  return { http, seen, call };
}

const rows = Array.from({ length: 1_200 }, (_, i) => [i, 2 * i, 3]);

describe('dragged-down formulas', () => {
  it('the first call answers the whole block; its siblings find their rows without a request or a lock', () => {
    const c = draggedColumn(rows);
    expect(c.call(600).output).toEqual([[predictValue(rows[600] as number[])]]);
    const afterLeader = c.http.requests.length;
    expect(afterLeader).toBe(3); // 1,200 rows in batches of 500
    for (const row of [0, 1, 599, 1_199]) {
      expect(c.call(row).output).toEqual([[predictValue(rows[row] as number[])]]);
    }
    expect(c.http.requests).toHaveLength(afterLeader);
    expect(c.seen.leads).toBe(1);
  });

  it("sends the caller's own row in the first request", () => {
    const c = draggedColumn(rows);
    c.call(900);
    const first = JSON.parse(c.http.requests[0]?.body ?? '{}') as { rows: number[][] };
    expect(first.rows[0]).toEqual(rows[900]);
  });

  it('a wrong guess about the neighbourhood wastes rows, never mislabels the answer', () => {
    const c = draggedColumn(rows);
    const unrelated = Array.from({ length: 30 }, (_, i) => [1_000 + i, 'x', 0]);
    expect(c.call(7, unrelated).output).toEqual([[predictValue(rows[7] as number[])]]);
  });

  it('an execution that gets the lock after a leader answered its row does no discovery', () => {
    const c = draggedColumn(rows);
    c.seen.lockFree = true;
    c.call(10);
    // Another caller that missed the cache before the leader finished, then got the lock.
    const before = c.seen.discoveries;
    c.call(11);
    expect(c.seen.discoveries).toBe(before);
  });

  it('without the lock in time (a long run holds it), a call sends its own row alone', () => {
    const c = draggedColumn(rows);
    c.seen.lockFree = false;
    expect(c.call(3).output).toEqual([[predictValue(rows[3] as number[])]]);
    expect(c.http.requests).toHaveLength(1);
    expect(JSON.parse(c.http.requests[0]?.body ?? '{}').rows).toEqual([rows[3]]);
  });

  it('a range formula is never coalesced', () => {
    const c = draggedColumn(rows);
    const report = predictCoalesced(
      { input: rows.slice(0, 10), model: null, hasHeader: false },
      {
        http: c.http,
        clock: new FakeClock(),
        crypto: nodeCrypto,
        cache: new MemoryCache(),
        random: () => 0.5,
        settings,
        deadlineMs: Date.now() + 25_000,
        cacheGeneration: '0',
      },
      { draggedBlock: () => rows, lead: () => null },
    );
    expect(report.output).toHaveLength(10);
    expect(c.http.requests).toHaveLength(1);
  });
});
