import type { Browser } from 'playwright-core';
import { SETTING_KEYS } from '../../src/core/settings';
import { t } from '../../src/i18n';
import { FakeServer } from './support/fake-server';
import { launchBrowser, openSidebar } from './support/harness';
import { eventually, expectText } from './support/wait';

jest.setTimeout(30_000);

const en = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t('en', key, params);
const field = (key: string) => `#setting-${key}`;
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

describe('settings panel', () => {
  it('renders every setting from the state with its label, help and source', async () => {
    const server = new FakeServer();
    server.script.set(SETTING_KEYS.baseUrl, 'http://203.0.113.10');
    server.document.set(SETTING_KEYS.batchRows, '200');
    const { page, pageErrors, done } = await open(server);
    expect(await page.getByLabel(en('sidebar.setting.baseUrl.label')).inputValue()).toBe(
      'http://203.0.113.10',
    );
    for (const label of [
      'keyId',
      'model',
      'batchRows',
      'parallel',
      'maxAttempts',
      'cacheTtlS',
      'lockSettings',
    ] as const) {
      await expect(page.getByLabel(en(`sidebar.setting.${label}.label`)).count()).resolves.toBe(1);
    }
    // "All users": the spreadsheet's own 200 is not the script's value; empty would mean the default.
    const batch = page.locator(field(SETTING_KEYS.batchRows));
    expect(await batch.inputValue()).toBe('');
    expect(await batch.getAttribute('placeholder')).toBe('500');
    await expectText(
      page.locator(`${field(SETTING_KEYS.batchRows)}-help`),
      en('sidebar.setting.batchRows.help'),
    );
    await expectText(
      page.locator(`${field(SETTING_KEYS.batchRows)}-help`),
      en('sidebar.source.line', { value: '200', source: en('sidebar.source.document') }),
    );
    await expectText(page.locator('#secret-status'), en('sidebar.secret.notSet'));
    expect(await page.locator('#not-configured').count()).toBe(0);
    // "This spreadsheet": its own value is a value; the script's is what an empty field inherits.
    await page.getByLabel(en('sidebar.scope.document')).check();
    await eventually(async () => expect(await batch.inputValue()).toBe('200'));
    expect(await page.locator(field(SETTING_KEYS.parallel)).getAttribute('placeholder')).toBe('10');
    expect(await page.locator(field(SETTING_KEYS.baseUrl)).getAttribute('readonly')).not.toBeNull();
    expect(await page.locator(field(SETTING_KEYS.baseUrl)).inputValue()).toBe('http://203.0.113.10');
    // Every control has a label, and nothing is wider than the 300 px sidebar.
    expect(
      await page.evaluate(
        "[...document.querySelectorAll('input,select')].filter((e) => e.labels.length === 0).map((e) => e.id)",
      ),
    ).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(300);
    expect(pageErrors).toEqual([]);
    await done();
  });

  it('saves only the changed fields, then shows the state the server answered with', async () => {
    const server = new FakeServer();
    const { page, pageErrors, done } = await open(server);
    await expectText(page.locator('#not-configured'), en('sidebar.settings.notConfigured'));
    await page.getByLabel(en('sidebar.setting.baseUrl.label')).fill(' https://api.example.com/ml ');
    await page.getByLabel(en('sidebar.setting.batchRows.label')).fill('250');
    await page.getByLabel(en('sidebar.setting.model.label')).fill('churn');
    await page.getByRole('button', { name: en('sidebar.settings.save') }).click();
    await expectText(page.locator('#settings-status'), en('sidebar.settings.saved'));
    expect(server.callsOf('sidebarSaveSettings')).toEqual([
      [
        {
          scope: 'script',
          values: {
            [SETTING_KEYS.baseUrl]: 'https://api.example.com/ml',
            [SETTING_KEYS.model]: 'churn',
            [SETTING_KEYS.batchRows]: '250',
          },
        },
      ],
    ]);
    // The run panel's empty model field now means the new default model.
    expect(await page.locator('#run-model').getAttribute('placeholder')).toBe('churn');
    expect(await page.locator(field(SETTING_KEYS.batchRows)).inputValue()).toBe('250');
    await expectText(
      page.locator(`${field(SETTING_KEYS.batchRows)}-help`),
      en('sidebar.source.line', { value: '250', source: en('sidebar.source.script') }),
    );
    expect(await page.locator('#not-configured').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await done();
  });

  it('rejects bad values in the page, next to their fields, without calling the server', async () => {
    const server = new FakeServer();
    const { page, done } = await open(server);
    await page.locator(field(SETTING_KEYS.baseUrl)).fill('ftp://203.0.113.10');
    await page.locator(field(SETTING_KEYS.parallel)).fill('0');
    await page.locator(field(SETTING_KEYS.keyId)).fill('bad key');
    await page.locator('#settings-save').click();
    await expectText(page.locator(`${field(SETTING_KEYS.baseUrl)}-error`), en('sidebar.invalid.url'));
    await expectText(
      page.locator(`${field(SETTING_KEYS.parallel)}-error`),
      en('sidebar.invalid.number', { min: 1, max: 50 }),
    );
    await expectText(page.locator(`${field(SETTING_KEYS.keyId)}-error`), en('sidebar.invalid.name'));
    expect(await page.locator(field(SETTING_KEYS.baseUrl)).getAttribute('aria-invalid')).toBe('true');
    await expectText(page.locator('#settings-status'), en('sidebar.settings.fixErrors'));
    // The first bad field gets the focus, so keyboard users land on it.
    expect(await page.evaluate('document.activeElement.id')).toBe(`setting-${SETTING_KEYS.baseUrl}`);
    await page.locator(field(SETTING_KEYS.baseUrl)).fill('http://203.0.113.10/');
    await page.locator('#settings-save').click();
    await expectText(page.locator(`${field(SETTING_KEYS.baseUrl)}-error`), en('sidebar.invalid.urlSlash'));
    expect(server.callsOf('sidebarSaveSettings')).toEqual([]);
    await done();
  });

  it("shows the server's per-field errors next to their fields", async () => {
    const server = new FakeServer();
    server.saveErrors = { [SETTING_KEYS.keyId]: 'The server knows no key "k2".', OTHER: 'Something else.' };
    const { page, done } = await open(server);
    await page.locator(field(SETTING_KEYS.keyId)).fill('k2');
    await page.locator('#settings-save').click();
    await expectText(page.locator(`${field(SETTING_KEYS.keyId)}-error`), 'The server knows no key "k2".');
    // An error for a key without a field is not dropped: it goes to the alert area.
    await expectText(page.locator('#alerts'), 'OTHER: Something else.');
    expect(server.callsOf('sidebarSaveSettings')).toHaveLength(1);
    await done();
  });

  it('keeps the secret write-only: empty input, status only, never in the page', async () => {
    const secret = 'sEcReT-value-4711';
    const server = new FakeServer();
    const { page, pageErrors, done } = await open(server);
    await page.getByRole('button', { name: en('sidebar.secret.setNew') }).click();
    await expectText(page.locator('#secret-error'), en('sidebar.secret.empty'));
    expect(server.callsOf('sidebarSaveSettings')).toEqual([]);

    await page.getByLabel(en('sidebar.secret.newLabel')).fill(secret);
    await page.getByRole('button', { name: en('sidebar.secret.setNew') }).click();
    await expectText(page.locator('#secret-status'), en('sidebar.secret.isSet'));
    expect(server.callsOf('sidebarSaveSettings')).toEqual([[{ scope: 'script', values: {}, secret }]]);
    expect(await page.locator('#secret-input').inputValue()).toBe('');
    expect(await page.content()).not.toContain(secret);

    // Typed together with other changes, the main Save sends it too, and the input is empty after.
    await page.getByLabel(en('sidebar.secret.newLabel')).fill(`${secret}-2`);
    await page.locator(field(SETTING_KEYS.maxAttempts)).fill('4');
    await page.locator('#settings-save').click();
    await expectText(page.locator('#settings-status'), en('sidebar.settings.saved'));
    expect(server.callsOf('sidebarSaveSettings')[1]).toEqual([
      { scope: 'script', values: { [SETTING_KEYS.maxAttempts]: '4' }, secret: `${secret}-2` },
    ]);
    expect(await page.locator('#secret-input').inputValue()).toBe('');
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: en('sidebar.secret.remove') }).click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog, en('sidebar.secret.removeConfirm'));
    await dialog.getByRole('button', { name: en('sidebar.secret.remove') }).click();
    await expectText(page.locator('#secret-status'), en('sidebar.secret.notSet'));
    expect(server.callsOf('sidebarSaveSettings')[2]).toEqual([{ scope: 'script', values: {}, secret: '' }]);
    expect(server.secret).toBeNull();
    expect(pageErrors).toEqual([]);
    await done();
  });

  it('shows settings for all users read-only when locked; this spreadsheet keeps its three', async () => {
    const server = new FakeServer();
    server.script.set(SETTING_KEYS.baseUrl, 'http://203.0.113.10');
    server.script.set(SETTING_KEYS.lockSettings, 'true');
    const { page, done } = await open(server);
    await expectText(page.locator('#locked-note'), en('sidebar.settings.lockedNote'));
    // The lock opens the panel on "This spreadsheet", where the user can still act.
    expect(await page.getByLabel(en('sidebar.scope.document')).isChecked()).toBe(true);
    expect(await page.locator(field(SETTING_KEYS.baseUrl)).getAttribute('readonly')).not.toBeNull();
    expect(await page.locator(field(SETTING_KEYS.baseUrl)).inputValue()).toBe('http://203.0.113.10');
    expect(await page.locator(field(SETTING_KEYS.batchRows)).getAttribute('readonly')).toBeNull();
    expect(await page.locator('#secret-input').count()).toBe(0);

    await page.locator(field(SETTING_KEYS.batchRows)).fill('100');
    await page.locator('#settings-save').click();
    await expectText(page.locator('#settings-status'), en('sidebar.settings.saved'));
    expect(server.callsOf('sidebarSaveSettings')).toEqual([
      [{ scope: 'document', values: { [SETTING_KEYS.batchRows]: '100' } }],
    ]);

    await page.getByLabel(en('sidebar.scope.script')).check();
    await eventually(async () =>
      expect(await page.locator(field(SETTING_KEYS.model)).getAttribute('readonly')).not.toBeNull(),
    );
    for (const key of [
      SETTING_KEYS.baseUrl,
      SETTING_KEYS.keyId,
      SETTING_KEYS.batchRows,
      SETTING_KEYS.cacheTtlS,
    ]) {
      expect(await page.locator(field(key)).getAttribute('readonly')).not.toBeNull();
    }
    expect(await page.locator(field(SETTING_KEYS.lockSettings)).isDisabled()).toBe(true);
    expect(await page.locator('#settings-save').isDisabled()).toBe(true);
    await done();
  });

  it('reports a failed load in the alert area and can try again', async () => {
    const server = new FakeServer();
    server.failNext.sidebarGetState = 'Exception: You do not have permission to call this function.';
    const { page, done } = await openSidebar(browser, server, { waitForPanels: false }).then((opened) => ({
      ...opened,
      done: () => opened.page.context().close(),
    }));
    await expectText(page.locator('#alerts'), 'You do not have permission');
    await expectText(page.locator('#alerts'), en('sidebar.alert.load'));
    await page.getByRole('button', { name: en('sidebar.retry') }).click();
    await page.locator('#settings-panel').waitFor({ state: 'visible' });
    await done();
  });
});
