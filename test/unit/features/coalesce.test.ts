import { type BlockAccess, predictCoalesced } from '../../../src/features/predict/coalesce';
import { predictAnswer, predictValue } from '../support/fake-api';
import { harness } from '../support/predict-harness';

/** A column of dragged-down formulas over `rows`, sharing one results cache and one lock. */
function draggedColumn(rows: number[][]) {
  const h = harness((req) => predictAnswer(req));
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
  const callWith = (row: number, blocks: BlockAccess) =>
    predictCoalesced({ input: [rows[row]], model: null, hasHeader: false }, h.deps(), blocks);
  const call = (row: number, block?: unknown[][] | null) => callWith(row, access(row, block));
  return { http: h.http, seen, call, callWith };
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
    // B missed the cache and waits for the lock; leader A, on the same cache, answers the block meanwhile.
    const shared = draggedColumn(rows);
    let discoveries = 0;
    let leads = 0;
    const waitingB: BlockAccess = {
      draggedBlock: () => {
        discoveries += 1;
        return rows;
      },
      lead: (_waitMs, work) => {
        leads += 1;
        shared.call(10); // leader A, on the same cache, finishes while B waits
        return work();
      },
    };
    const before = shared.http.requests.length;
    const output = shared.callWith(11, waitingB).output;
    expect(leads).toBe(1);
    expect(discoveries).toBe(0);
    expect(output).toEqual([[predictValue(rows[11] as number[])]]);
    expect(shared.http.requests.length - before).toBe(3); // A's block only; B sent nothing
  });

  it("the caller's output is as wide as its own answer, whatever its siblings answer", () => {
    const c = draggedColumn(rows);
    const wide = [[1, 2, 3, 4, 5, 6, 7, 8, 9]]; // a sibling row from another layout
    const report = c.callWith(5, {
      draggedBlock: () => wide,
      lead: (_w, work) => work(),
    });
    expect(report.output).toEqual([[predictValue(rows[5] as number[])]]);
  });

  it('without the lock in time, a call sends nothing on the side and asks for a recalculation', () => {
    const c = draggedColumn(rows);
    c.seen.lockFree = false;
    expect(c.call(3).output).toEqual([
      [
        '#ERROR TIMEOUT: not sent: other formulas of this sheet are being answered first, recalculate to finish',
      ],
    ]);
    expect(c.http.requests).toHaveLength(0);
    // Once a leader has answered the block, the recalculation finds the row.
    c.seen.lockFree = true;
    c.call(4);
    c.seen.lockFree = false;
    expect(c.call(3).output).toEqual([[predictValue(rows[3] as number[])]]);
  });

  it('a range formula is never coalesced', () => {
    const h = harness((req) => predictAnswer(req));
    const block = jest.fn(() => rows);
    const report = predictCoalesced({ input: rows.slice(0, 10), model: null, hasHeader: false }, h.deps(), {
      draggedBlock: block,
      lead: () => null,
    });
    expect(report.output).toHaveLength(10);
    expect(h.http.requests).toHaveLength(1);
    expect(block).not.toHaveBeenCalled();
  });
});

describe('dragged-down formulas and model versions', () => {
  it('a deploy reaches single-row formulas within the list lifetime, as it reaches range formulas', () => {
    const api = { version: '1.0.0' };
    const h = harness((req) => predictAnswer(req, { modelVersion: api.version }));
    const list = jest.fn(() => [{ name: 'default', version: api.version, columns: [], outputs: ['score'] }]);
    const block: BlockAccess = { draggedBlock: () => rows.slice(0, 50), lead: (_w, work) => work() };
    const call = (row: number) =>
      predictCoalesced(
        { input: [rows[row]], model: null, hasHeader: false },
        h.deps({ fetchModels: list }),
        block,
      ).output[0]?.[0];
    expect(call(0)).toBe(predictValue(rows[0] as number[]));
    api.version = '1.1.0';
    h.clock.now += 5 * 60_000 + 1;
    expect(call(1)).toBe(predictValue(rows[1] as number[]) + 1_000);
    expect(call(2)).toBe(predictValue(rows[2] as number[]) + 1_000);
  });
});
