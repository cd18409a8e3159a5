import type { Sandbox } from '../gas-sandbox/sandbox';
import { errorCells, sandboxFor, startServer, validRows } from './support/e2e';
import { predictTraffic, SHEET_EDITS } from './support/edits';
import type { ServerProcess } from './support/reference-server';

/**
 * Issue "Results that survive real sheet use", on the built bundle against the reference server:
 * 10,000 rows x 8 columns answered once, then the edits people make. Every output is checked against a
 * sandbox that caches nothing, so a result next to the wrong row would show.
 */
describe('row-level results cache end to end', () => {
  let server: ServerProcess;
  let sandbox: Sandbox;
  let reference: Sandbox;
  const rows = validRows(10_000, 7);

  beforeAll(async () => {
    server = await startServer();
    sandbox = sandboxFor(server.url);
    reference = sandboxFor(server.url, { SHEETBRIDGE_CACHE_TTL_S: '0' });
    sandbox.callCustomFunction('PREDICT', rows);
  });
  afterAll(async () => {
    await sandbox.close();
    await reference.close();
    await server.close();
  });

  it.each(SHEET_EDITS.map((edit) => [edit.name, edit] as const))(
    '%s: sends only rows never seen, and every output cell is right',
    (_name, edit) => {
      const input = edit.apply(rows);
      sandbox.http.reset();
      const output = sandbox.callCustomFunction<unknown[][]>('PREDICT', input);
      const traffic = predictTraffic(sandbox);
      expect(traffic.requests).toBe(edit.requests);
      expect(traffic.rows).toBe(edit.rowsSent === 'all' ? input.length : edit.rowsSent);
      expect(output).toEqual(reference.callCustomFunction('PREDICT', input));
    },
  );

  it('a warm recalculation of 10,000 rows: 2 property reads, 1 cache getAll, no put, no request', () => {
    sandbox.callCustomFunction('PREDICT', rows);
    const { ledger } = sandbox.lastExecution;
    expect(ledger.count(/^PropertiesService\./)).toBe(2);
    expect(ledger.count(/^CacheService\.\w+\(\)\.getAll$/)).toBe(1);
    expect(ledger.count(/^CacheService\.\w+\(\)\.(get|put|putAll)$/)).toBe(0);
    expect(ledger.count(/^UrlFetchApp\./)).toBe(0);
    expect(sandbox.lastExecution.estimatedAppsScriptMs).toBeGreaterThan(ledger.estimatedServiceMs);
  });

  it('results live in the spreadsheet document cache, not the cache every spreadsheet shares', () => {
    expect(sandbox.caches.document.size()).toBeGreaterThan(200);
    expect(sandbox.caches.script.size()).toBe(0);
  });
});

describe('model versions end to end', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  /** Ages the model list in the document cache, as five minutes passing would. */
  function ageModelList(sandbox: Sandbox, byMs: number): void {
    const cache = sandbox.caches.document;
    for (const key of cache.keys()) {
      if (!key.startsWith('sb2:models:')) continue;
      const list = JSON.parse(cache.peek(key) as string);
      list.fetchedAtMs = list.fetchedAtMs === null ? null : list.fetchedAtMs - byMs;
      for (const model of list.models) model.seenAtMs -= byMs;
      cache.overwrite(key, JSON.stringify(list));
    }
  }

  it('a redeploy from 1.0.0 to 1.1.0 shows in full once the list is 5 minutes old, never mixed', async () => {
    const rows = validRows(2_000, 11);
    const sandbox = sandboxFor(server.url);
    const reference = sandboxFor(server.url, { SHEETBRIDGE_CACHE_TTL_S: '0' });
    const old = sandbox.callCustomFunction<unknown[][]>('PREDICT', rows);
    await server.redeployModel('default', '1.1.0', 0.7);
    const renewed = reference.callCustomFunction<unknown[][]>('PREDICT', rows);
    expect(renewed).not.toEqual(old);

    // Within the 5 minutes: still all 1.0.0, from the cache.
    expect(sandbox.callCustomFunction('PREDICT', rows)).toEqual(old);
    // One changed row is answered by 1.1.0: the whole output moves to 1.1.0 at once.
    const edited = rows.map((row, i) => (i === 3 ? [row[0], 120, ...row.slice(2)] : row));
    expect(sandbox.callCustomFunction('PREDICT', edited)).toEqual(
      reference.callCustomFunction('PREDICT', edited),
    );
    await server.redeployModel('default', '1.2.0', 0.7);
    // Past 5 minutes, the list is asked again and a plain recalculation shows only 1.2.0.
    ageModelList(sandbox, 5 * 60_000 + 1);
    sandbox.http.reset();
    expect(sandbox.callCustomFunction('PREDICT', rows)).toEqual(
      reference.callCustomFunction('PREDICT', rows),
    );
    expect(sandbox.http.requests.filter((r) => r.url.endsWith('/v1/models'))).toHaveLength(1);
    await sandbox.close();
    await reference.close();
  });

  it('a date-only cell in an Asia/Tokyo sheet reaches the API as its calendar day with +09:00', () => {
    const sandbox = sandboxFor(
      server.url,
      {},
      { spreadsheet: { timeZone: 'Asia/Tokyo', sheets: [{ name: 'Sheet1' }] } },
    );
    // 2026-11-26 00:00 in Tokyo: what Sheets hands a custom function for a date-only cell there.
    const day = new Date('2026-11-26T00:00:00+09:00');
    const output = sandbox.callCustomFunction<unknown[][]>('PREDICT', [['pro', 40, day]], 'renewal');
    expect(errorCells(output)).toEqual([]);
    const sent = sandbox.http.requests.find((r) => r.url.endsWith('/v1/predict'));
    expect(JSON.parse(sent?.payload ?? '{}').rows).toEqual([['pro', 40, '2026-11-26T00:00:00.000+09:00']]);
    return sandbox.close();
  });
});
