import type { Browser, Page } from 'playwright-core';
import { SETTING_KEYS } from '../../src/core/settings';
import type { Language } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { ja } from '../../src/i18n/ja';
import { FakeServer } from './support/fake-server';
import { launchBrowser, openSidebar, screenshot } from './support/harness';
import { expectText } from './support/wait';

jest.setTimeout(30_000);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A sidebar with something in every panel: a configured API, a tested connection, a finished run. */
async function populated(
  language: Language,
): Promise<{ page: Page; server: FakeServer; pageErrors: string[]; otherRequests: string[] }> {
  const server = new FakeServer();
  server.language = language;
  server.script.set(SETTING_KEYS.baseUrl, 'http://203.0.113.10');
  server.secret = 'not-shown';
  server.document.set(SETTING_KEYS.model, 'churn');
  const { page, pageErrors, otherRequests } = await openSidebar(browser, server);
  await page.locator('#connection-test').click();
  await page.locator('#connection-report').waitFor();
  await page.locator('#run-start').click();
  await page.locator('#job[data-state="done"]').waitFor();
  return { page, server, pageErrors, otherRequests };
}

describe('languages', () => {
  it('renders in Japanese from SidebarState.language, with no English text left', async () => {
    const { page, pageErrors } = await populated('ja');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await expectText(page.locator('#run-panel h2'), '選択範囲を予測');
    await expectText(page.locator('#settings-save'), '設定を保存');
    await expectText(page.locator('#secret-status'), 'シークレットは設定済みです');
    await expectText(page.locator('#connection-report'), '接続できました');
    await expectText(page.locator('#connection-report'), '123 ミリ秒');
    await expectText(page.locator('#job-state'), '完了');
    await expectText(page.locator('#job-counts'), '40 行中 40 行');
    expect(await page.getByLabel('API のアドレス').inputValue()).toBe('http://203.0.113.10');
    // Every English sidebar text that differs from its Japanese one must be absent from what shows.
    // ("default" is also the model's name, which is data, not a text of the page.)
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText: the text as shown, hidden parts left out.
    const visible = (await page.locator('body').innerText()).replace(/\bdefault\b/g, '');
    // The server's own texts (the connection report's message) count as much as the page's.
    const leftovers = Object.entries(en)
      .filter(([key, text]) => !text.includes('{') && text !== ja[key as keyof typeof ja])
      .map(([, text]) => text)
      .filter((text) => visible.includes(text));
    expect(leftovers).toEqual([]);
    await expectText(page.locator('#connection-report'), ja['connection.verified']);
    // Nor any English sentence that no catalogue holds: three Latin words in a row, ending a sentence.
    expect(visible.match(/\b[A-Za-z]+(?:[ ,;:'’]+[A-Za-z]+){2,}[.!?:]/g) ?? []).toEqual([]);
    // Placeholders and option labels count too.
    const options = await page.locator('option').allTextContents();
    const words = options.map((text) => text.replace(/\b(default|churn)\b/g, ''));
    expect(words.filter((text) => /[A-Za-z]{3,}/.test(text))).toEqual([]);
    await screenshot(page, 'sidebar-ja.png');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('renders in English and keeps the same layout at 300 px', async () => {
    const { page, pageErrors, otherRequests } = await populated('en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectText(page.locator('#settings-save'), en['sidebar.settings.save']);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(300);
    await screenshot(page, 'sidebar-en.png');
    expect(pageErrors).toEqual([]);
    expect(otherRequests).toEqual([]);
    await page.context().close();
  });

  it('localises the page-side validation messages too', async () => {
    const server = new FakeServer();
    server.language = 'ja';
    const { page } = await openSidebar(browser, server);
    await page.locator(`#setting-${SETTING_KEYS.batchRows}`).fill('9999');
    await page.locator('#settings-save').click();
    await expectText(
      page.locator(`#setting-${SETTING_KEYS.batchRows}-error`),
      '1〜5000 の整数を入力してください。',
    );
    expect(server.callsOf('sidebarSaveSettings')).toEqual([]);
    await page.context().close();
  });
});
