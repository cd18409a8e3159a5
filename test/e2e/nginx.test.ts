import { errorCells, sandboxFor, startServer, validRows } from './support/e2e';
import { type NginxProxy, startNginx } from './support/nginx';
import type { ServerProcess } from './support/reference-server';

/**
 * The production path: Sheets -> load balancer -> API. nginx stands in for the load balancer. These
 * tests never skip: CI installs nginx (.ci/run), and a missing nginx fails them loudly.
 */
describe('through nginx as the load balancer', () => {
  let server: ServerProcess;
  let proxy: NginxProxy;
  let salt = 300;
  const fresh = (count: number) => validRows(count, salt++);

  beforeAll(async () => {
    server = await startServer();
    proxy = await startNginx(server.port, 2);
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.close();
  });

  it('10,000 rows through the proxy: signatures survive it, every row gets its value', async () => {
    const sandbox = sandboxFor(proxy.url);
    const output = sandbox.callCustomFunction<unknown[][]>('PREDICT', fresh(10_000));
    // Every request went signed through the proxy and the API accepted it; every answer had to verify
    // (the secret is set), or its rows would show BAD_SIGNATURE.
    expect(errorCells(output)).toEqual([]);
    expect(sandbox.http.requests.filter((r) => !r.headers['X-SB-Signature'])).toEqual([]);
    expect(sandbox.http.requests.length).toBeLessThanOrEqual(20);
    await sandbox.close();
  });

  it('an upstream slower than the proxy timeout gives 504; the retry finds the first still running (409)', async () => {
    await server.setFaults({ latencyMs: 3_000 });
    const sandbox = sandboxFor(proxy.url, { SHEETBRIDGE_MAX_ATTEMPTS: '2' });
    try {
      const output = sandbox.callCustomFunction<unknown[][]>('PREDICT', fresh(2));
      // The upstream keeps computing after the proxy gave up: the same Idempotency-Key is "in progress".
      expect(sandbox.http.requests.map((r) => r.status)).toEqual([504, 409]);
      expect(String(output[0]?.[0])).toMatch(/^#ERROR UNAVAILABLE: HTTP 409 from the API.*after 2 attempts/);
    } finally {
      await server.setFaults(undefined);
      await sandbox.close();
    }
  }, 30_000);

  it('the upstream stopped gives 502, retried, then UNAVAILABLE; the cell says what happened', async () => {
    await server.close();
    const sandbox = sandboxFor(proxy.url);
    const output = sandbox.callCustomFunction<unknown[][]>('PREDICT', fresh(2));
    expect(String(output[0]?.[0])).toMatch(/^#ERROR UNAVAILABLE: HTTP 502 from the API.*after 3 attempts/);
    expect(sandbox.http.requests.every((r) => r.status === 502)).toBe(true);
    await sandbox.close();
  });
});
