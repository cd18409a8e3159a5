import { advanceRun, MAX_ROUNDS, type SliceOutcome } from '../../../../src/features/job/advance';
import type { AnswerLedger } from '../../../../src/features/job/fingerprint';
import type { RunMode } from '../../../../src/features/job/row-state';
import { answerOf, type FakeApi, FakeRunSheet, fakeApi, portsOf } from './fake-run-sheet';

/** Data rows [i, 10 i] under a header; the fake model answers their sum. */
function table(count: number, extra: (i: number) => unknown[] = () => []): unknown[][] {
  return [['a', 'b'], ...Array.from({ length: count }, (_, k) => [...extra(k + 1), k + 1, 10 * (k + 1)])];
}

function run(
  sheet: FakeRunSheet,
  api: FakeApi,
  ledger: AnswerLedger,
  mode: RunMode = 'all',
  fresh = ledger.size === 0,
): SliceOutcome[] {
  const outcomes: SliceOutcome[] = [];
  for (let slice = 0; slice < 20; slice++) {
    const outcome = advanceRun(
      { mode, first: fresh && slice === 0, headerNames: mode === 'all' ? ['sum'] : null },
      portsOf(sheet, api, ledger),
    );
    outcomes.push(outcome);
    if (outcome.complete) return outcomes;
  }
  throw new Error('the run never completed');
}

/** Every data row's output is the answer to its own current inputs. */
function expectAllRight(sheet: FakeRunSheet, firstData: number, inputFrom = 0): void {
  for (let row = firstData; row <= sheet.grid.length; row++) {
    const cells = sheet.grid[row - 1] as unknown[];
    const inputs = cells.slice(inputFrom, inputFrom + 2);
    if (inputs.every((c) => c === '' || c === undefined)) continue;
    expect([row, sheet.output(row)]).toEqual([row, answerOf(inputs)]);
  }
}

describe('planning a slice', () => {
  it('predicts at most a slice of rows, in order, writes the header once, and is done only when all rows are right', () => {
    const sheet = new FakeRunSheet(table(10), { inputWidth: 2, hasHeader: true, idColumn: false });
    const api = fakeApi();
    const outcomes = run(sheet, api, new Map());
    expect(outcomes.map((o) => [o.done, o.total, o.complete])).toEqual([
      [4, 10, false],
      [8, 10, false],
      [10, 10, true],
    ]);
    expect(api.calls.map((rows) => rows.length)).toEqual([4, 4, 2]);
    expect(api.calls[0]?.[0]).toEqual([1, 10]);
    expect(sheet.headerWrites).toBe(1);
    expect(sheet.output(1)).toBe('sum');
    expectAllRight(sheet, 2);
  });

  it('skips blank rows and never writes next to them', () => {
    const rows = table(4);
    rows[2] = ['', ''];
    const sheet = new FakeRunSheet(rows, { inputWidth: 2, hasHeader: true, idColumn: false });
    const [outcome] = run(sheet, fakeApi(), new Map());
    expect(outcome).toMatchObject({ total: 3, done: 3, complete: true });
    expect(sheet.writes.map((w) => w.row)).toEqual([2, 4, 5]);
  });

  it('a failed row keeps its error cell as its answer: counted failed, not predicted again', () => {
    const rows = table(3);
    rows[2] = ['bad', 1];
    const sheet = new FakeRunSheet(rows, { inputWidth: 2, hasHeader: true, idColumn: false });
    const api = fakeApi();
    const [outcome] = run(sheet, api, new Map());
    expect(outcome).toMatchObject({ failed: 1, done: 3, complete: true });
    expect(sheet.output(3)).toBe('#ERROR INVALID_ROW: bad cell');
    expect(api.calls).toHaveLength(1);
  });
});

describe('a sort between slices', () => {
  it('whole rows sorted: rows already answered are not sent again, and none is counted redone', () => {
    const sheet = new FakeRunSheet(table(10), { inputWidth: 2, hasHeader: true, idColumn: false });
    const api = fakeApi();
    const ledger: AnswerLedger = new Map();
    advanceRun({ mode: 'all', first: true, headerNames: ['sum'] }, portsOf(sheet, api, ledger));
    sheet.sortData((x, y) => (y[0] as number) - (x[0] as number));
    const rest = run(sheet, api, ledger).at(-1);
    expect(rest).toMatchObject({ complete: true, done: 10 });
    expect(api.calls.flat()).toHaveLength(10);
    expectAllRight(sheet, 2);
  });

  it('inputs sorted without their outputs: the displaced answers are found, redone and counted', () => {
    const sheet = new FakeRunSheet(table(8), { inputWidth: 2, hasHeader: true, idColumn: false });
    const api = fakeApi();
    const ledger: AnswerLedger = new Map();
    advanceRun({ mode: 'all', first: true, headerNames: ['sum'] }, portsOf(sheet, api, ledger));
    sheet.sortData((x, y) => (y[0] as number) - (x[0] as number), false);
    const outcomes = run(sheet, api, ledger);
    expect(outcomes.reduce((n, o) => n + o.redone, 0)).toBe(4);
    expect(api.calls.flat()).toHaveLength(12);
    expectAllRight(sheet, 2);
  });
});

describe('compare-and-set while a request is at the API', () => {
  it('rows inserted above: answers are written where the rows are now', () => {
    const sheet = new FakeRunSheet(table(4), { inputWidth: 2, hasHeader: true, idColumn: false });
    const api = fakeApi();
    api.duringNextCall(() => sheet.insertAbove(3));
    const [outcome] = run(sheet, api, new Map());
    expect(outcome).toMatchObject({ complete: true, redone: 0 });
    expect(outcome?.location.firstRow).toBe(4);
    expect(sheet.grid.slice(0, 3)).toEqual([[], [], []]);
    expectAllRight(sheet, 5);
  });

  it('an input edited in flight gets no stale answer; it is predicted again in the same slice and counted', () => {
    const sheet = new FakeRunSheet(table(4), { inputWidth: 2, hasHeader: true, idColumn: false });
    const api = fakeApi();
    const written: unknown[] = [];
    api.duringNextCall(() => sheet.set(3, 2, 500));
    const [outcome] = run(sheet, api, new Map());
    for (const write of sheet.writes) if (write.row === 3) written.push(write.cells[0]);
    expect(written).toEqual([502]);
    expect(api.calls.map((rows) => rows.length)).toEqual([4, 1]);
    expect(api.calls[1]).toEqual([[2, 500]]);
    expect(outcome).toMatchObject({ complete: true, redone: 1, predicted: 5 });
    expectAllRight(sheet, 2);
  });

  it('a person who keeps changing a row is left to the next slice after MAX_ROUNDS, never written stale', () => {
    const sheet = new FakeRunSheet(table(2), { inputWidth: 2, hasHeader: true, idColumn: false });
    const api = fakeApi();
    for (let round = 0; round < MAX_ROUNDS; round++) api.duringNextCall(() => sheet.set(2, 2, 100 + round));
    const ledger: AnswerLedger = new Map();
    const first = advanceRun({ mode: 'all', first: true, headerNames: ['sum'] }, portsOf(sheet, api, ledger));
    expect(first).toMatchObject({ complete: false, remaining: 1 });
    expect(sheet.output(2)).toBeUndefined();
    const second = advanceRun(
      { mode: 'all', first: false, headerNames: ['sum'] },
      portsOf(sheet, api, ledger),
    );
    expect(second.complete).toBe(true);
    expectAllRight(sheet, 2);
  });

  it('with an ID column, a row that changed and moved in flight is found again by its ID', () => {
    const sheet = new FakeRunSheet(
      table(4, (i) => [`id-${i}`]).map((row, r) => (r === 0 ? ['id', ...row] : row)),
      { inputWidth: 2, hasHeader: true, idColumn: true },
    );
    const api = fakeApi();
    api.duringNextCall(() => {
      sheet.set(2, 3, 77); // id-1 changes...
      sheet.sortData((x, y) => String(y[0]).localeCompare(String(x[0]))); // ...and moves to the bottom
    });
    const [outcome] = run(sheet, api, new Map());
    expect(api.calls[1]).toEqual([[1, 77]]);
    expect(outcome).toMatchObject({ complete: true, redone: 1 });
    expectAllRight(sheet, 2, 1);
  });
});

describe('rerun failed rows: an explicit selection', () => {
  it('predicts only rows showing an error cell and writes no other target cell', () => {
    const sheet = new FakeRunSheet(table(4), { inputWidth: 2, hasHeader: true, idColumn: false });
    sheet.set(2, 3, '=0.5');
    sheet.set(3, 3, '#ERROR TIMEOUT: slice budget');
    sheet.set(4, 3, 'kept text');
    const api = fakeApi();
    const [outcome] = run(sheet, api, new Map(), 'failed');
    expect(api.calls).toEqual([[[2, 20]]]);
    expect(sheet.writes).toEqual([{ row: 3, cells: [22] }]);
    expect(sheet.headerWrites).toBe(0);
    expect(outcome).toMatchObject({ total: 1, done: 1, failed: 0, complete: true });
  });

  it('a failed row edited while its request is in flight is answered from its new inputs', () => {
    const sheet = new FakeRunSheet(table(3), { inputWidth: 2, hasHeader: true, idColumn: false });
    sheet.set(3, 3, '#ERROR INVALID_ROW: b must be a number');
    const api = fakeApi();
    api.duringNextCall(() => sheet.set(3, 2, 5));
    const [outcome] = run(sheet, api, new Map(), 'failed');
    expect(api.calls).toEqual([[[2, 20]], [[2, 5]]]);
    expect(sheet.writes).toEqual([{ row: 3, cells: [7] }]);
    expect(outcome).toMatchObject({ complete: true, redone: 1, total: 1, done: 1 });
  });
});
