import type { Browser, Page } from 'playwright-core';
import { SETTING_KEYS } from '../../src/core/settings';
import { t } from '../../src/i18n';
import { FakeServer } from './support/fake-server';
import { launchBrowser, openSidebar, screenshot, waitForHeldSlice } from './support/harness';
import { eventually, expectText } from './support/wait';

jest.setTimeout(30_000);

const en = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t('en', key, params);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(server: FakeServer) {
  const opened = await openSidebar(browser, server);
  return { ...opened, done: () => opened.page.context().close() };
}

async function progressOf(page: Page): Promise<{ value: string | null; max: string | null }> {
  const bar = page.locator('#job-progress');
  return { value: await bar.getAttribute('value'), max: await bar.getAttribute('max') };
}

describe('test connection', () => {
  it('shows latency, model version and signature, and fills the model selects', async () => {
    const server = new FakeServer();
    const { page, pageErrors, done } = await open(server);
    expect(await page.locator(`#setting-${SETTING_KEYS.model}`).evaluate((e) => e.tagName)).toBe('INPUT');
    await page.getByRole('button', { name: en('sidebar.connection.test') }).click();
    const report = page.locator('#connection-report');
    await expectText(report, en('sidebar.connection.ok'));
    await expectText(report, en('sidebar.connection.ms', { ms: 123 }));
    await expectText(report, '1.4.2');
    await expectText(report, en('sidebar.connection.signature.verified'));
    await expectText(report, t('en', 'connection.verified'));
    expect(await report.getAttribute('class')).toBe('report ok');
    // Both model fields became selects of the listed models.
    const model = page.locator(`#setting-${SETTING_KEYS.model}`);
    expect(await model.evaluate((e) => e.tagName)).toBe('SELECT');
    expect(await model.locator('option').allTextContents()).toEqual([
      en('sidebar.model.useDefault', { name: 'default' }),
      'default (1.4.2)',
      'churn (2.0.0)',
    ]);
    await page.locator('#run-model').selectOption('churn');
    expect(pageErrors).toEqual([]);
    await done();
  });

  it('styles a failed test as a failure and names the signature problem', async () => {
    const server = new FakeServer();
    server.connection = {
      ok: false,
      latencyMs: 80,
      modelVersion: null,
      signature: 'failed',
      models: [],
      message: 'The answer signature is wrong: check SHEETBRIDGE_KEY_ID and the secret.',
    };
    const { page, done } = await open(server);
    await page.locator('#connection-test').click();
    const report = page.locator('#connection-report');
    await expectText(report, en('sidebar.connection.failed'));
    await expectText(report, en('sidebar.connection.signature.failed'));
    await expectText(report, 'The answer signature is wrong');
    expect(await report.getAttribute('class')).toBe('report fail');
    await done();
  });
});

describe('run panel', () => {
  it('sends the ID column, refuses one that is not a column letter, and reports rows redone', async () => {
    const server = new FakeServer();
    server.redonePerSlice = 2;
    const { page, pageErrors, done } = await open(server);
    const idColumn = page.getByLabel(en('sidebar.run.idColumn'));
    await idColumn.fill('A1');
    await page.locator('#run-start').click();
    await expectText(page.locator('#run-id-column-error'), en('sidebar.invalid.column'));
    expect(await idColumn.getAttribute('aria-invalid')).toBe('true');
    expect(server.callsOf('sidebarStartJob')).toEqual([]);
    await idColumn.fill('a');
    await page.locator('#run-start').click();
    await expectText(page.locator('#job-state'), en('sidebar.job.state.done'));
    expect(server.callsOf('sidebarStartJob')).toEqual([[{ hasHeader: true, idColumn: 'A' }]]);
    await expectText(page.locator('#job-redone'), en('sidebar.job.redoneRows', { redone: 8 }));
    expect(pageErrors).toEqual([]);
    await done();
  });

  it('runs a job slice by slice, the progress bar moving to done', async () => {
    const server = new FakeServer();
    server.holdSlices();
    const { page, pageErrors, done } = await open(server);
    await expectText(
      page.locator('#run-selection'),
      en('sidebar.run.selection', { range: 'Data!A1:D41', rows: 41, columns: 4 }),
    );
    await page
      .getByRole('button', { name: en('sidebar.run.start') })
      .first()
      .click();
    for (let slice = 1; slice <= 4; slice++) {
      await waitForHeldSlice(server);
      await eventually(async () =>
        expect(await progressOf(page)).toEqual({ value: String((slice - 1) * 10), max: '40' }),
      );
      if (slice === 3) {
        await expectText(page.locator('#job-counts'), en('sidebar.job.rows', { done: 20, total: 40 }));
        await expectText(page.locator('#job-times'), en('sidebar.job.eta', { time: '2 min 10 s' }));
        expect(await page.locator('#run-start').isDisabled()).toBe(true);
        await screenshot(page, 'sidebar-running.png');
      }
      server.release();
    }
    await expectText(page.locator('#job-state'), en('sidebar.job.state.done'));
    expect(await progressOf(page)).toEqual({ value: '40', max: '40' });
    await expectText(
      page.locator('#job-counts'),
      `${en('sidebar.job.rows', { done: 40, total: 40 })} · ${en('sidebar.job.failedRows', { failed: 4 })}`,
    );
    expect(server.callsOf('sidebarStartJob')).toEqual([[{ hasHeader: true }]]);
    expect(server.callsOf('sidebarRunSlice')).toHaveLength(4);
    expect(await page.locator('#job-cancel').isHidden()).toBe(true);
    expect(await page.locator('#run-start').isDisabled()).toBe(false);
    expect(pageErrors).toEqual([]);
    await done();
  });

  it('cancels: the cancel call wins over a slice still in flight', async () => {
    const server = new FakeServer();
    server.holdSlices();
    const { page, done } = await open(server);
    await page.locator('#run-start').click();
    await waitForHeldSlice(server);
    await page.getByRole('button', { name: en('sidebar.job.cancel') }).click();
    await expectText(page.locator('#job-state'), en('sidebar.job.state.cancelled'));
    expect(server.callsOf('sidebarCancelJob')).toHaveLength(1);
    server.stopHolding();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectText(page.locator('#job-state'), en('sidebar.job.state.cancelled'));
    expect(server.callsOf('sidebarRunSlice')).toHaveLength(1);
    expect(await page.locator('#job-resume').isHidden()).toBe(true);
    await done();
  });

  it('shows a running job found on load and resumes it when asked', async () => {
    const server = new FakeServer();
    server.job = {
      id: 'job-old',
      state: 'running',
      sheetName: 'Data',
      inputA1: 'A1:D41',
      outputA1: 'E1:E41',
      rowsTotal: 40,
      rowsDone: 10,
      rowsFailed: 0,
      rowsRedone: 0,
      slices: 1,
      elapsedMs: 30_000,
      etaMs: 90_000,
      message: null,
    };
    const { page, done } = await open(server);
    await expectText(page.locator('#job-state'), en('sidebar.job.interrupted'));
    await expectText(page.locator('#job-title'), 'Data!A1:D41 → E1:E41');
    expect(await progressOf(page)).toEqual({ value: '10', max: '40' });
    expect(server.callsOf('sidebarRunSlice')).toEqual([]);
    await page.getByRole('button', { name: en('sidebar.job.resume') }).click();
    await expectText(page.locator('#job-state'), en('sidebar.job.state.done'));
    expect(server.callsOf('sidebarRunSlice')).toEqual([['job-old'], ['job-old'], ['job-old']]);
    await done();
  });

  it('asks in the page before overwriting, and only then starts with overwrite', async () => {
    const server = new FakeServer();
    server.occupiedCells = 12;
    const { page, done } = await open(server);
    const dialog = page.getByRole('dialog');
    await page.locator('#run-start').click();
    await expectText(dialog, en('sidebar.run.overwriteQuestion', { cells: 12, range: 'E1:E41' }));
    await expectText(dialog, '12 cells in E1:E41 already hold values.');
    await dialog.getByRole('button', { name: en('sidebar.confirm.cancel') }).click();
    await eventually(async () => expect(await dialog.isHidden()).toBe(true));
    expect(server.callsOf('sidebarStartJob')).toHaveLength(1);
    expect(await page.locator('#job').isHidden()).toBe(true);

    await page.locator('#run-has-header').uncheck();
    await page.locator('#run-start').click();
    await dialog.getByRole('button', { name: en('sidebar.run.overwrite') }).click();
    await expectText(page.locator('#job-state'), en('sidebar.job.state.done'));
    expect(server.callsOf('sidebarStartJob').slice(1)).toEqual([
      [{ hasHeader: false }],
      [{ hasHeader: false, overwrite: true }],
    ]);
    await done();
  });

  it('reruns failed rows with the chosen model and target column, checking the column first', async () => {
    const server = new FakeServer();
    const { page, done } = await open(server);
    await page.getByLabel(en('sidebar.run.target')).fill('1');
    await page.getByRole('button', { name: en('sidebar.run.rerunFailed') }).click();
    await expectText(page.locator('#run-target-error'), en('sidebar.invalid.column'));
    expect(server.callsOf('sidebarStartJob')).toEqual([]);
    await page.getByLabel(en('sidebar.run.target')).fill('g');
    await page.getByLabel(en('sidebar.run.model'), { exact: true }).fill('churn');
    await page.getByRole('button', { name: en('sidebar.run.rerunFailed') }).click();
    await expectText(page.locator('#job-state'), en('sidebar.job.state.done'));
    expect(server.callsOf('sidebarStartJob')).toEqual([
      [{ hasHeader: true, model: 'churn', targetColumn: 'G', rerunFailed: true }],
    ]);
    await done();
  });

  it('shows every error: a refused start, a thrown start, and a slice that failed (then resumes)', async () => {
    const server = new FakeServer();
    const { page, done } = await open(server);
    const alerts = page.locator('#alerts');
    const realStart = server.sidebarStartJob.bind(server);
    server.sidebarStartJob = async () => ({ kind: 'error', message: 'Select the rows to predict first.' });
    await page.locator('#run-start').click();
    await expectText(alerts, `${en('sidebar.alert.start')} Select the rows to predict first.`);

    server.sidebarStartJob = realStart;
    server.failNext.sidebarStartJob = 'Exception: Service Spreadsheets timed out';
    await page.locator('#run-start').click();
    await expectText(alerts, 'Service Spreadsheets timed out');

    server.failNext.sidebarRunSlice = 'Exceeded maximum execution time';
    await page.locator('#run-start').click();
    await expectText(alerts, `${en('sidebar.alert.slice')} Exceeded maximum execution time`);
    await expectText(page.locator('#job-state'), en('sidebar.job.interrupted'));
    await page.locator('#job-resume').click();
    await expectText(page.locator('#job-state'), en('sidebar.job.state.done'));
    // Alerts can be dismissed, one by one.
    const count = await alerts.locator('.alert').count();
    await alerts
      .getByRole('button', { name: en('sidebar.alert.dismiss') })
      .first()
      .click();
    expect(await alerts.locator('.alert').count()).toBe(count - 1);
    await done();
  });

  it('refreshes the selection from the server', async () => {
    const server = new FakeServer();
    server.selection = null;
    const { page, done } = await open(server);
    await expectText(page.locator('#run-selection'), en('sidebar.run.noSelection'));
    server.selection = { sheetName: 'Q3', a1: 'B2:C9', rows: 8, columns: 2 };
    await page.getByRole('button', { name: en('sidebar.run.refresh') }).click();
    await expectText(page.locator('#run-selection'), 'Q3!B2:C9');
    await done();
  });
});
