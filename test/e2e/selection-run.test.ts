// Predict selection: long runs over a selection through the sidebar, against the real reference API.
import type { JobStatus, SidebarState, StartJobResult } from '../../src/features/sidebar/rpc-types';
import type { Sandbox } from '../gas-sandbox/sandbox';
import { sampleSheet, startServer, validRows } from './support/e2e';
import { runToEnd, select, sheetSandbox, started } from './support/jobs';
import type { ServerProcess } from './support/reference-server';

const HEADER = sampleSheet()[0] as string[];

const columnOf = (sandbox: Sandbox, column: number) =>
  sandbox.spreadsheet
    .getSheetByName('Customers')
    ?.dump()
    .values.map((row) => row[column - 1]) ?? [];

describe('predict selection', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('a 5,000-row selection completes over several slices with correct values, inputs untouched', async () => {
    const rows = [HEADER, ...validRows(5_000, 500)];
    const sandbox = sheetSandbox(server.url, rows, { SHEETBRIDGE_CACHE_TTL_S: '0' });
    const inputBefore = sandbox.spreadsheet
      .getSheetByName('Customers')
      ?.dump()
      .values.map((r) => r.slice(0, 8));
    const job = started(sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true }));
    expect(job).toMatchObject({ rowsTotal: 5_000, outputA1: 'I1:I5001', state: 'running' });
    const { final, sliceMs, statuses } = runToEnd(sandbox, job);
    expect(final).toMatchObject({ state: 'done', rowsDone: 5_000, rowsFailed: 0, slices: 3 });
    expect(statuses.map((s) => s.rowsDone)).toEqual([2_000, 4_000, 5_000]);
    expect(statuses[0]?.etaMs).toEqual(expect.any(Number));
    const output = columnOf(sandbox, 9);
    expect(output[0]).toBe('churn_probability');
    expect(output.slice(1).every((v) => typeof v === 'number' && v >= 0 && v <= 1)).toBe(true);
    expect(
      sandbox.spreadsheet
        .getSheetByName('Customers')
        ?.dump()
        .values.map((r) => r.slice(0, 8)),
    ).toEqual(inputBefore);
    expect((await server.stats()).rowsPredicted).toBeGreaterThanOrEqual(5_000);
    console.info(
      `5,000-row run: ${sliceMs.length} slices of up to 2,000 rows, slice times ${sliceMs.join(', ')} ms`,
    );
    await sandbox.close();
  });

  it('asks before overwriting a non-empty cell it did not write, and writes nothing until the user agrees', async () => {
    const rows = [HEADER, ...validRows(10, 501)];
    const sandbox = sheetSandbox(server.url, rows);
    sandbox.spreadsheet.getSheetByName('Customers')?.getRange('I4').setValue('keep me');
    const ask = sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true });
    expect(ask).toMatchObject({ kind: 'confirm-overwrite', cells: 1, outputA1: 'I1:I11' });
    expect(columnOf(sandbox, 9)[3]).toBe('keep me');
    expect(sandbox.call<SidebarState>('sidebarGetState').job).toBeNull();
    const job = started(
      sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true, overwrite: true }),
    );
    expect(runToEnd(sandbox, job).final.state).toBe('done');
    expect(columnOf(sandbox, 9)[3]).toEqual(expect.any(Number));
    // Its own earlier output is no reason to ask again.
    expect(sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true }).kind).toBe('started');
    await sandbox.close();
  });

  it('refuses a target column inside the selection: input cells are never written', async () => {
    const sandbox = sheetSandbox(server.url, [HEADER, ...validRows(3, 502)]);
    const result = sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true, targetColumn: 'C' });
    expect(result).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('never overwrite input cells'),
    });
    await sandbox.close();
  });

  it('refuses a target column whose results would be wide enough to reach the inputs', async () => {
    const rows = [HEADER, ...validRows(3, 508)].map((row) => ['', ...row]);
    const sandbox = sheetSandbox(server.url, rows);
    select(sandbox, `B1:I${rows.length}`);
    const result = sandbox.call<StartJobResult>('sidebarStartJob', {
      hasHeader: true,
      targetColumn: 'A',
      model: 'churn-proba',
    });
    expect(result).toMatchObject({ kind: 'error', message: expect.stringContaining('2 column(s)') });
    await sandbox.close();
  });

  it('a job resumed after the sidebar was closed does not redo finished rows', async () => {
    const rows = [HEADER, ...validRows(4_500, 503)];
    const sandbox = sheetSandbox(server.url, rows, { SHEETBRIDGE_CACHE_TTL_S: '0' });
    const job = started(sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true }));
    sandbox.call<JobStatus>('sidebarRunSlice', job.id);
    // The sidebar is closed and opened again: it finds the job in Document Properties.
    sandbox.http.reset();
    const state = sandbox.call<SidebarState>('sidebarGetState');
    expect(state.job).toMatchObject({ id: job.id, state: 'running', rowsDone: 2_000 });
    const { final } = runToEnd(sandbox, state.job as JobStatus);
    expect(final).toMatchObject({ state: 'done', rowsDone: 4_500 });
    const sentRows = sandbox.http.requests
      .filter((r) => r.url.endsWith('/v1/predict'))
      .reduce((n, r) => n + (JSON.parse(r.payload) as { rows: unknown[] }).rows.length, 0);
    expect(sentRows).toBe(2_500);
    await sandbox.close();
  });

  it('cancel stops the run; rows after it are left as they were', async () => {
    const sandbox = sheetSandbox(server.url, [HEADER, ...validRows(4_500, 504)]);
    const job = started(sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true }));
    sandbox.call<JobStatus>('sidebarRunSlice', job.id);
    const cancelled = sandbox.call<JobStatus>('sidebarCancelJob', job.id);
    expect(cancelled).toMatchObject({
      state: 'cancelled',
      rowsDone: 2_000,
      message: expect.stringContaining('2000 of 4500'),
    });
    expect(sandbox.call<JobStatus>('sidebarRunSlice', job.id).state).toBe('cancelled');
    const output = columnOf(sandbox, 9);
    // Row 1 is the header; the first slice wrote rows 2..2001, and nothing after them was touched.
    expect(output.slice(1, 2_001).filter((value) => typeof value !== 'number')).toEqual([]);
    expect(output.slice(2_001).filter((value) => value !== '')).toEqual([]);
    expect(output).toHaveLength(4_501);
    await sandbox.close();
  });

  it('failed rows get error cells and can be rerun alone', async () => {
    const sheet = sampleSheet().slice(0, 400);
    const sandbox = sheetSandbox(server.url, sheet);
    const job = started(sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true }));
    expect(runToEnd(sandbox, job).final).toMatchObject({ state: 'done', rowsFailed: 2 });
    expect(String(columnOf(sandbox, 9)[42])).toMatch(/^#ERROR INVALID_ROW: /);
    const customers = sandbox.spreadsheet.getSheetByName('Customers');
    customers?.getRange('G43').setValue(12);
    customers?.getRange('D320').setValue('team');
    select(sandbox, `A1:H${sheet.length}`);
    sandbox.http.reset();
    const rerun = started(
      sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true, rerunFailed: true }),
    );
    expect(runToEnd(sandbox, rerun).final).toMatchObject({ state: 'done', rowsFailed: 0 });
    const predictCalls = sandbox.http.requests.filter((r) => r.url.endsWith('/v1/predict'));
    expect(predictCalls.map((r) => (JSON.parse(r.payload) as { rows: unknown[] }).rows.length)).toEqual([2]);
    expect(columnOf(sandbox, 9)[42]).toEqual(expect.any(Number));
    await sandbox.close();
  });

  it('a rerun writes only the failed rows: a formula or text in the other target rows stays as it is', async () => {
    const sheet = sampleSheet().slice(0, 50);
    const sandbox = sheetSandbox(server.url, sheet);
    const job = started(sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true }));
    runToEnd(sandbox, job);
    const customers = sandbox.spreadsheet.getSheetByName('Customers');
    customers?.setCell(3, 9, { value: 0.5, formula: '=0.5' });
    customers?.getRange('I4').setValue("'00123");
    select(sandbox, `A1:H${sheet.length}`);
    const rerun = started(
      sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: true, rerunFailed: true }),
    );
    runToEnd(sandbox, rerun);
    const dump = customers?.dump();
    expect(dump?.formulas[2]?.[8]).toBe('=0.5');
    expect(dump?.values[3]?.[8]).toBe('00123');
    await sandbox.close();
  });
});
