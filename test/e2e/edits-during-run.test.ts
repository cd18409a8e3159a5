import type { JobStatus, SidebarState, StartJobResult } from '../../src/features/sidebar/rpc-types';
import type { FakeSheet, Sandbox } from '../gas-sandbox/sandbox';
import { sampleSheet, startServer, validRows } from './support/e2e';
import { expectedCell, predictTraffic, runToEnd, sheetSandbox, started } from './support/jobs';
import type { ServerProcess } from './support/reference-server';

/**
 * "Predict selection" over 5,000 rows while a person sorts, inserts rows and types: the built bundle in
 * the sandbox against the reference server. Each check recomputes every row from the model file, so a
 * result written next to the wrong row cannot pass. Closing notes per scenario: rows right / redone /
 * requests, printed with console.info.
 */
const HEADER = sampleSheet()[0] as string[];
const ROWS = 5_000;
const INPUT_WIDTH = HEADER.length;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

function customers(sandbox: Sandbox): FakeSheet {
  return sandbox.spreadsheet.getSheetByName('Customers') as FakeSheet;
}

/** Input cells as they stand, for "the add-on changed no input cell". */
function inputs(sandbox: Sandbox): unknown[][] {
  return customers(sandbox)
    .dump()
    .values.map((row) => row.slice(0, INPUT_WIDTH));
}

/**
 * Every data row below the header has an output equal to the model's answer for its current inputs;
 * returns how many rows were checked. `outputColumn` is 1-based.
 */
function expectEveryRowRight(sandbox: Sandbox, outputColumn = INPUT_WIDTH + 1, firstInput = 0): number {
  const values = customers(sandbox).dump().values;
  const headerAt = values.findIndex((row) => row[firstInput] === HEADER[0]);
  expect(values[headerAt]?.[outputColumn - 1]).toBe('churn_probability');
  const wrong: string[] = [];
  let checked = 0;
  values.slice(headerAt + 1).forEach((row, i) => {
    const input = row.slice(firstInput, firstInput + INPUT_WIDTH);
    if (input.every((cell) => cell === '')) return;
    checked += 1;
    const expected = expectedCell(HEADER, input);
    if (row[outputColumn - 1] !== expected)
      wrong.push(`row ${headerAt + 2 + i}: ${String(row[outputColumn - 1])} != ${String(expected)}`);
  });
  expect(wrong.slice(0, 5)).toEqual([]);
  return checked;
}

function startRun(sandbox: Sandbox, request: Record<string, unknown> = {}): JobStatus {
  return started(sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true, ...request }));
}

/** 5,000 rows (`salt` keeps each test's batches its own), a run started and its first slice done. */
function afterFirstSlice(salt: number): { sandbox: Sandbox; job: JobStatus } {
  const sandbox = sheetSandbox(server.url, [HEADER, ...validRows(ROWS, salt)], {
    SHEETBRIDGE_CACHE_TTL_S: '0',
  });
  const job = startRun(sandbox);
  expect(sandbox.call<JobStatus>('sidebarRunSlice', job.id).rowsDone).toBe(2_000);
  return { sandbox, job };
}

function note(scenario: string, final: JobStatus, right: number, sandbox: Sandbox): void {
  const traffic = predictTraffic(sandbox);
  console.info(
    `${scenario}: ${right} rows right / ${final.rowsRedone} redone / ${traffic.requests} requests (${traffic.rows} rows sent, ${final.slices} slices)`,
  );
}

// Each test runs a 5,000-row job over several slices: seconds of work on 2 busy cores, not 5 s.
jest.setTimeout(60_000);

describe('a long run while people edit the sheet', () => {
  it('a sort of the whole table between slice 1 and 2: every row right, none predicted twice', async () => {
    const { sandbox, job } = afterFirstSlice(601);
    // Descending tenure, outputs included: rows done and not done are now mixed all over the range.
    customers(sandbox)
      .getRange(`A2:I${ROWS + 1}`)
      .sort({ column: 2, ascending: false });
    const left = inputs(sandbox);
    const { final } = runToEnd(sandbox, job);
    expect(final).toMatchObject({ state: 'done', rowsDone: ROWS, rowsTotal: ROWS, rowsRedone: 0 });
    expect(inputs(sandbox)).toEqual(left);
    const right = expectEveryRowRight(sandbox);
    expect(right).toBe(ROWS);
    expect(predictTraffic(sandbox).rows).toBe(ROWS);
    // Each slice flushed its writes before letting go of the lock; the finished run left no marker.
    expect(sandbox.spreadsheet.flushes).toBe(final.slices);
    expect(sandbox.spreadsheet.metadata.find(null, {})).toEqual([]);
    expect(
      Object.keys(sandbox.properties.document.getProperties()).filter((k) => k.includes('LEDGER')),
    ).toEqual([]);
    note('sort between slices', final, right, sandbox);
    await sandbox.close();
  });

  it('a sort of the inputs alone leaves answers beside other rows: the run finds and redoes exactly those', async () => {
    const { sandbox, job } = afterFirstSlice(602);
    const sheet = customers(sandbox);
    sheet.getRange(`A2:H${ROWS + 1}`).sort({ column: 3, ascending: true });
    // The rows answered in slice 1 whose output cell no longer holds their own answer.
    const answered = new Set(validRows(2_000, 602).map((row) => JSON.stringify(row)));
    const displaced = sheet
      .dump()
      .values.slice(1, ROWS + 1)
      .filter((row) => {
        const input = row.slice(0, INPUT_WIDTH);
        return answered.has(JSON.stringify(input)) && row[8] !== expectedCell(HEADER, input);
      }).length;
    expect(displaced).toBeGreaterThan(1_500);
    const { final } = runToEnd(sandbox, job);
    expect(final).toMatchObject({ state: 'done', rowsDone: ROWS, rowsRedone: displaced });
    expect(expectEveryRowRight(sandbox)).toBe(ROWS);
    note('sort of the inputs alone', final, ROWS, sandbox);
    await sandbox.close();
  });

  it('10 rows inserted above the range while slice 2 is at the API: answers land beside their own rows', async () => {
    const { sandbox, job } = afterFirstSlice(603);
    let left: unknown[][] = [];
    sandbox.edits.duringFetch('/v1/predict', () => {
      customers(sandbox).insertRowsBefore(1, 10);
      left = inputs(sandbox);
    });
    const { final } = runToEnd(sandbox, job);
    expect(sandbox.edits.waiting).toBe(0);
    expect(final).toMatchObject({
      state: 'done',
      rowsDone: ROWS,
      rowsRedone: 0,
      inputA1: `A11:H${ROWS + 11}`,
    });
    expect(inputs(sandbox)).toEqual(left);
    const values = customers(sandbox).dump().values;
    expect(values.slice(0, 10).every((row) => row.every((cell) => cell === ''))).toBe(true);
    const right = expectEveryRowRight(sandbox);
    expect(right).toBe(ROWS);
    expect(predictTraffic(sandbox)).toEqual({ requests: 10, rows: ROWS });
    note('10 rows inserted above during slice 2', final, right, sandbox);
    await sandbox.close();
  });

  it('3 input cells edited while their slice is at the API: those rows are predicted again from their new inputs', async () => {
    const { sandbox, job } = afterFirstSlice(604);
    const sheet = customers(sandbox);
    let left: unknown[][] = [];
    // Data rows 2,101, 3,000 and 3,999 are in slice 2 (data rows 2,001 to 4,000).
    const edited = [2_102, 3_001, 4_000];
    sandbox.edits.duringFetch('/v1/predict', () => {
      sheet
        .getRange(`B${edited[0]}`)
        .setValue(((sheet.cell(edited[0] as number, 2).value as number) + 7) % 90);
      sheet
        .getRange(`D${edited[1]}`)
        .setValue(sheet.cell(edited[1] as number, 4).value === 'pro' ? 'free' : 'pro');
      sheet.getRange(`G${edited[2]}`).setValue((sheet.cell(edited[2] as number, 7).value as number) + 30);
      left = inputs(sandbox);
    });
    sandbox.http.reset();
    // Compare-and-set: slice 2 itself never writes an answer computed from the old inputs.
    expect(sandbox.call<JobStatus>('sidebarRunSlice', job.id)).toMatchObject({
      rowsDone: 4_000,
      rowsRedone: 3,
    });
    for (const row of edited) {
      const cells = sheet.dump().values[row - 1] as unknown[];
      expect(cells[8]).toBe(expectedCell(HEADER, cells.slice(0, INPUT_WIDTH)));
    }
    const { final } = runToEnd(sandbox, job);
    expect(final).toMatchObject({ state: 'done', rowsDone: ROWS, rowsRedone: 3 });
    expect(inputs(sandbox)).toEqual(left);
    expect(expectEveryRowRight(sandbox)).toBe(ROWS);
    // Slices 2 and 3: 3,000 rows in 6 requests, and one more request for the 3 rows that changed.
    expect(predictTraffic(sandbox)).toEqual({ requests: 7, rows: 3_003 });
    note('3 cells edited during slice 2 (slices 2-3 traffic)', final, ROWS, sandbox);
    await sandbox.close();
  });

  it('with an ID column, a sort while answers are in flight still puts each answer beside its own row', async () => {
    const rows = [
      ['customer_id', ...HEADER],
      ...validRows(ROWS, 605).map((row, i) => [`C-${String(i + 1).padStart(5, '0')}`, ...row]),
    ];
    const sandbox = sheetSandbox(server.url, rows, { SHEETBRIDGE_CACHE_TTL_S: '0' });
    sandbox.spreadsheet.setActiveRange(customers(sandbox).getRange(`B1:I${ROWS + 1}`) as never);
    const job = startRun(sandbox, { idColumn: 'A' });
    expect(job.outputA1).toBe(`J1:J${ROWS + 1}`);
    sandbox.call<JobStatus>('sidebarRunSlice', job.id);
    sandbox.edits.duringFetch('/v1/predict', () => {
      customers(sandbox)
        .getRange(`A2:J${ROWS + 1}`)
        .sort({ column: 4, ascending: true });
    });
    const { final } = runToEnd(sandbox, job);
    expect(final).toMatchObject({ state: 'done', rowsDone: ROWS, rowsRedone: 0 });
    expect(expectEveryRowRight(sandbox, 10, 1)).toBe(ROWS);
    expect(predictTraffic(sandbox).rows).toBe(ROWS);
    note('ID column, sort during slice 2', final, ROWS, sandbox);
    await sandbox.close();
  });

  it('rows deleted inside the range between slices: the range shrinks and every remaining row is right', async () => {
    const { sandbox, job } = afterFirstSlice(606);
    customers(sandbox).deleteRows(1_000, 50); // answered rows
    customers(sandbox).deleteRows(3_000, 50); // rows not yet answered
    const { final } = runToEnd(sandbox, job);
    expect(final).toMatchObject({
      state: 'done',
      rowsTotal: ROWS - 100,
      rowsDone: ROWS - 100,
      rowsRedone: 0,
    });
    expect(final.inputA1).toBe(`A1:H${ROWS + 1 - 100}`);
    expect(expectEveryRowRight(sandbox)).toBe(ROWS - 100);
    await sandbox.close();
  });

  it('the last row of the range deleted: the run stops and says why, rows written so far stay right', async () => {
    const { sandbox, job } = afterFirstSlice(607);
    customers(sandbox).deleteRows(ROWS + 1, 1);
    const stopped = sandbox.call<JobStatus>('sidebarRunSlice', job.id);
    expect(stopped).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('last row of this run was deleted'),
    });
    const values = customers(sandbox).dump().values;
    const answered = values.slice(1).filter((row) => row[8] !== '');
    expect(answered).toHaveLength(2_000);
    expect(answered.every((row) => row[8] === expectedCell(HEADER, row.slice(0, INPUT_WIDTH)))).toBe(true);
    await sandbox.close();
  });

  it('refuses a selection larger than one run can track', async () => {
    const sandbox = sheetSandbox(server.url, [HEADER, ...Array.from({ length: 20_001 }, () => [''])]);
    expect(sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true })).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('at most 20000'),
    });
    await sandbox.close();
  });

  it('a run recorded by the version that tracked positions neither resumes nor blocks a new run', async () => {
    const sandbox = sheetSandbox(server.url, [HEADER, ...validRows(20, 608)]);
    const old = {
      id: 'old-run',
      state: 'running',
      nextOffset: 2_000,
      rowsFailed: 0,
      updatedAtMs: Date.now(),
    };
    sandbox.properties.document.setProperty('SHEETBRIDGE_JOB', JSON.stringify(old));
    expect(sandbox.call<SidebarState>('sidebarGetState').job).toBeNull();
    expect(() => sandbox.call('sidebarRunSlice', 'old-run')).toThrow('no longer known');
    const { final } = runToEnd(sandbox, startRun(sandbox));
    expect(final).toMatchObject({ state: 'done', rowsDone: 20 });
    await sandbox.close();
  });
});
