// The menu, and the sidebar's settings, connection test and cache actions, against the real reference API.
import type { SidebarState } from '../../src/features/sidebar/rpc-types';
import { createSandbox } from '../gas-sandbox/sandbox';
import { sampleSheet, startServer, validRows } from './support/e2e';
import { sheetSandbox } from './support/jobs';
import type { ServerProcess } from './support/reference-server';

const HEADER = sampleSheet()[0] as string[];

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

describe('sidebar settings, connection test and clear cache', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
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
