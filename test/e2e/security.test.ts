import { call } from '../server/sign';
import { KEYS, sandboxFor, startServer, validRows } from './support/e2e';
import type { ServerProcess } from './support/reference-server';

/** SB1 end to end: what the server refuses, what the bundle refuses, and key rotation. */
describe('signing end to end', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('rotation: both key ids work while the server holds both, the old one is refused after', async () => {
    const oldKey = sandboxFor(server.url);
    const newKey = sandboxFor(server.url, {
      SHEETBRIDGE_KEY_ID: 'key-2026b',
      SHEETBRIDGE_SECRET: KEYS['key-2026b'],
    });
    expect(oldKey.callCustomFunction<unknown[][]>('PREDICT', validRows(2, 1))[0]?.[0]).toEqual(
      expect.any(Number),
    );
    expect(newKey.callCustomFunction<unknown[][]>('PREDICT', validRows(2, 2))[0]?.[0]).toEqual(
      expect.any(Number),
    );
    await server.setKeys({ 'key-2026b': KEYS['key-2026b'] });
    try {
      expect(() => oldKey.callCustomFunction('PREDICT', validRows(2, 3))).toThrow(
        /\(AUTH\).*AUTH_UNKNOWN_KEY.*SHEETBRIDGE_KEY_ID/,
      );
      expect(newKey.callCustomFunction<unknown[][]>('PREDICT', validRows(2, 4))[0]?.[0]).toEqual(
        expect.any(Number),
      );
    } finally {
      await server.setKeys(KEYS);
      await Promise.all([oldKey.close(), newKey.close()]);
    }
  });

  it('a wrong secret is refused by the server, not retried, and the message never shows the secret', async () => {
    const wrong = sandboxFor(server.url, { SHEETBRIDGE_SECRET: 'not-the-right-dummy-secret' });
    let message = '';
    try {
      wrong.callCustomFunction('PREDICT', validRows(1, 5));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/\(AUTH\).*AUTH_BAD_SIGNATURE.*SHEETBRIDGE_SECRET/);
    expect(message).not.toContain('not-the-right-dummy-secret');
    expect(wrong.http.requests).toHaveLength(1);
    await wrong.close();
  });

  it('an unsigned client is refused when the server requires signatures', async () => {
    const unsigned = sandboxFor(server.url, { SHEETBRIDGE_SECRET: '' });
    expect(() => unsigned.callCustomFunction('PREDICT', validRows(1, 6))).toThrow(
      /AUTH_MISSING.*SHEETBRIDGE_SECRET/,
    );
    await unsigned.close();
  });

  it('a signed request captured on the wire and sent again is refused as a replay', async () => {
    const sandbox = sandboxFor(server.url);
    sandbox.callCustomFunction('PREDICT', validRows(1, 7));
    const [captured] = sandbox.http.requests;
    await sandbox.close();
    const replay = await fetch(captured?.url as string, {
      method: 'POST',
      headers: captured?.headers,
      body: captured?.payload,
    });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('AUTH_REPLAYED_NONCE');
  });

  it('a stale timestamp and an unknown key id are refused', async () => {
    const body = { model: 'default', rows: validRows(1, 8) };
    const stale = await call({
      baseUrl: server.url,
      path: '/v1/predict',
      body,
      key: { keyId: 'key-2026a', secret: KEYS['key-2026a'] },
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect([stale.status, stale.json?.error?.code]).toEqual([401, 'AUTH_STALE_TIMESTAMP']);
    const unknown = await call({
      baseUrl: server.url,
      path: '/v1/predict',
      body,
      key: { keyId: 'key-1999', secret: 'x' },
    });
    expect([unknown.status, unknown.json?.error?.code]).toEqual([401, 'AUTH_UNKNOWN_KEY']);
  });

  it('the bundle refuses an answer altered on the way', async () => {
    await server.setFaults({ malformed: 'tamper-signature' });
    const sandbox = sandboxFor(server.url);
    try {
      expect(() => sandbox.callCustomFunction('PREDICT', validRows(1, 9))).toThrow(/BAD_SIGNATURE/);
    } finally {
      await server.setFaults(undefined);
      await sandbox.close();
    }
  });
});
