/**
 * Opens the BUILT dist/Sidebar.html in headless Chromium with google.script.run replaced by a stub that
 * forwards every call to a FakeServer in the test process (page.exposeFunction), installed before the
 * page's own script runs.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { withPanel } from '../../../src/features/sidebar/panel';
import type { SidebarPanel } from '../../../src/features/sidebar/rpc-types';
import type { FakeServer } from './fake-server';

export const SIDEBAR_HTML = resolve(__dirname, '../../../dist/Sidebar.html');
export const ARTIFACTS = resolve(__dirname, '../../../test-artifacts');

/** Where the page is served from in the tests: an https origin, like HtmlService's iframe, not file://. */
const PAGE_URL = 'https://sidebar.sheetbridge.test/Sidebar.html';
let pageHtml: string | null = null;

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(SIDEBAR_HTML)) throw new Error(`${SIDEBAR_HTML} is missing: run "npm run build" first`);
  // Read once: a rebuild emptying dist/ halfway through a test file must not break it.
  pageHtml ??= readFileSync(SIDEBAR_HTML, 'utf8');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * google.script.run as Apps Script shapes it: withSuccessHandler/withFailureHandler return a runner,
 * any other property is a server function; handlers run asynchronously, failures get an Error.
 */
const STUB = `(() => {
  const runner = (success, failure) => new Proxy({}, {
    get(_target, prop) {
      if (prop === 'withSuccessHandler') return (fn) => runner(fn, failure);
      if (prop === 'withFailureHandler') return (fn) => runner(success, fn);
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (...args) => {
        window.__sheetbridgeServer(prop, JSON.parse(JSON.stringify(args))).then((reply) => {
          if (reply.ok) { if (success) success(reply.value); }
          else if (failure) failure(new Error(reply.message));
        });
      };
    },
  });
  window.google = { script: { run: runner(null, null) } };
})();`;

/** One browser for a whole test file, launched before its tests and closed after them. */
export function browserForFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not launched yet');
    return browser;
  };
}

export interface OpenedSidebar {
  page: Page;
  /** Uncaught errors in the page: a test ends by expecting none. */
  pageErrors: string[];
  /** Requests for anything but the page itself: there must be none (no CDN, nothing external). */
  otherRequests: string[];
}

export async function openSidebar(
  browser: Browser,
  server: FakeServer,
  options: { waitForPanels?: boolean; panel?: SidebarPanel } = {},
): Promise<OpenedSidebar> {
  const context = await browser.newContext({ viewport: { width: 300, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const otherRequests: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.route('**/*', (route) => {
    if (route.request().url() === PAGE_URL) {
      // The page as the server's openSidebar(panel) serves it.
      const body = withPanel(pageHtml ?? '', options.panel ?? 'run');
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    }
    otherRequests.push(route.request().url());
    return route.abort();
  });
  await page.exposeFunction('__sheetbridgeServer', (name: never, args: unknown[]) =>
    server.handle(name, args),
  );
  await page.addInitScript({ content: STUB });
  await page.goto(PAGE_URL);
  if (options.waitForPanels !== false) await page.locator('#settings-panel').waitFor({ state: 'visible' });
  return { page, pageErrors, otherRequests };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = resolve(ARTIFACTS, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the server has received a held slice call, so the page shows the state before it. */
export async function waitForHeldSlice(server: FakeServer, count = 1): Promise<void> {
  const started = Date.now();
  while (server.slicesWaiting < count) {
    if (Date.now() - started > 5000) throw new Error('no slice call arrived within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
