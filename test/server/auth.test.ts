import { type ReferenceServer, startReferenceServer } from '../../server/src/index';
import { KEY, KEY2, ROWS, withServer } from './fixtures';
import { call, expectedResponseSignature, sb1Headers } from './sign';

const body = { model: 'default', rows: ROWS.slice(0, 1) };

describe('SB1 request authentication', () => {
  let server: ReferenceServer;
  let clockMs = Date.now();
  beforeAll(async () => {
    server = await startReferenceServer({ keys: { [KEY.keyId]: KEY.secret }, now: () => clockMs });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    clockMs = Date.now();
  });

  const predict = (extra: Partial<Parameters<typeof call>[0]> = {}) =>
    call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, ...extra });

  it('accepts a correctly signed request', async () => {
    expect((await predict()).status).toBe(200);
  });

  it.each(['X-SB-Key-Id', 'X-SB-Timestamp', 'X-SB-Nonce', 'X-SB-Signature'])(
    '401 AUTH_MISSING when %s is missing, naming it',
    async (header) => {
      const raw = Buffer.from(JSON.stringify(body));
      const headers = sb1Headers({ ...KEY, method: 'POST', pathAndQuery: '/v1/predict', body: raw });
      delete headers[header];
      const res = await call({ baseUrl: server.url, path: '/v1/predict', body: raw, headers });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('AUTH_MISSING');
      expect(res.json.error.message).toContain(header);
    },
  );

  it('401 AUTH_MISSING for an unsigned request when keys are configured', async () => {
    const res = await call({ baseUrl: server.url, path: '/v1/predict', body });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('AUTH_MISSING');
  });

  it('401 AUTH_UNKNOWN_KEY for a key id the server does not hold', async () => {
    const res = await predict({ key: { keyId: 'other', secret: KEY.secret } });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('AUTH_UNKNOWN_KEY');
    expect(res.headers.get('x-sb-response-signature')).toBeNull(); // nothing to sign it with
  });

  it('401 AUTH_BAD_SIGNATURE for a wrong secret, and the 401 itself is signed', async () => {
    const raw = Buffer.from(JSON.stringify(body));
    const headers = sb1Headers({
      keyId: KEY.keyId,
      secret: 'wrong',
      method: 'POST',
      pathAndQuery: '/v1/predict',
      body: raw,
    });
    const res = await call({ baseUrl: server.url, path: '/v1/predict', body: raw, headers });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('AUTH_BAD_SIGNATURE');
    expect(res.headers.get('x-sb-response-signature')).toBe(
      expectedResponseSignature(KEY.secret, headers['X-SB-Nonce'] as string, 401, res.raw),
    );
  });

  it('401 AUTH_BAD_SIGNATURE when the body changed after signing (raw bytes are signed)', async () => {
    const signedBody = Buffer.from(JSON.stringify(body));
    const sent = Buffer.from(JSON.stringify(body, null, 1)); // same JSON value, different bytes
    const headers = sb1Headers({ ...KEY, method: 'POST', pathAndQuery: '/v1/predict', body: signedBody });
    const res = await call({ baseUrl: server.url, path: '/v1/predict', body: sent, headers });
    expect(res.json.error.code).toBe('AUTH_BAD_SIGNATURE');
  });

  it('signs path and query exactly as sent', async () => {
    const ok = await call({ baseUrl: server.url, path: '/v1/models?verbose=1&x=%41', key: KEY });
    expect(ok.status).toBe(200);
    const raw = Buffer.alloc(0);
    const headers = sb1Headers({ ...KEY, method: 'GET', pathAndQuery: '/v1/models', body: raw });
    const res = await call({ baseUrl: server.url, path: '/v1/models?verbose=1', headers });
    expect(res.json.error.code).toBe('AUTH_BAD_SIGNATURE');
  });

  it.each([301, -301])('401 AUTH_STALE_TIMESTAMP %i s off; 299 s off passes', async (offsetS) => {
    const now = Math.floor(clockMs / 1000);
    const stale = await predict({ timestamp: now + offsetS });
    expect(stale.status).toBe(401);
    expect(stale.json.error.code).toBe('AUTH_STALE_TIMESTAMP');
    expect((await predict({ timestamp: now + Math.sign(offsetS) * 299 })).status).toBe(200);
  });

  it('judges the window with the server clock (now option)', async () => {
    const timestamp = Math.floor(clockMs / 1000);
    clockMs += 400_000;
    const res = await predict({ timestamp });
    expect(res.json.error.code).toBe('AUTH_STALE_TIMESTAMP');
    expect(res.json.error.message).toContain('behind');
  });

  it('401 AUTH_REPLAYED_NONCE for the same signed request sent twice', async () => {
    const nonce = `nonce-${Date.now()}`;
    const timestamp = Math.floor(clockMs / 1000);
    expect((await predict({ nonce, timestamp })).status).toBe(200);
    const replay = await predict({ nonce, timestamp });
    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe('AUTH_REPLAYED_NONCE');
  });

  it('a nonce rejected for a bad signature is not burnt', async () => {
    const nonce = `nonce-bad-${Date.now()}`;
    const bad = await predict({ nonce, key: { keyId: KEY.keyId, secret: 'wrong' } });
    expect(bad.json.error.code).toBe('AUTH_BAD_SIGNATURE');
    expect((await predict({ nonce })).status).toBe(200);
  });
});

describe('key rotation', () => {
  it('accepts two key ids at once, then refuses the one removed by setKeys', async () => {
    await withServer({ keys: { [KEY.keyId]: KEY.secret, [KEY2.keyId]: KEY2.secret } }, async (server) => {
      const predict = (key: typeof KEY) => call({ baseUrl: server.url, path: '/v1/predict', body, key });
      const [a, b] = await Promise.all([predict(KEY), predict(KEY2)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.signatureValid && b.signatureValid).toBe(true);
      server.setKeys({ [KEY2.keyId]: KEY2.secret });
      const old = await predict(KEY);
      expect(old.status).toBe(401);
      expect(old.json.error.code).toBe('AUTH_UNKNOWN_KEY');
      expect((await predict(KEY2)).status).toBe(200);
    });
  });

  it('setKeys rejects a malformed key set and keeps the old one', async () => {
    await withServer({ keys: { [KEY.keyId]: KEY.secret } }, async (server) => {
      expect(() => server.setKeys({ 'bad id!': 'x' })).toThrow(/key id/);
      expect((await call({ baseUrl: server.url, path: '/v1/models', key: KEY })).status).toBe(200);
    });
  });
});

describe('response signature', () => {
  it('verifies with an independent computation over the exact bytes and this nonce', async () => {
    await withServer({ keys: { [KEY.keyId]: KEY.secret } }, async (server) => {
      const res = await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY });
      const given = res.headers.get('x-sb-response-signature');
      expect(given).toBe(expectedResponseSignature(KEY.secret, res.nonce as string, 200, res.raw));
      // The signature binds the status and the nonce: any other value fails.
      expect(given).not.toBe(expectedResponseSignature(KEY.secret, res.nonce as string, 201, res.raw));
      expect(given).not.toBe(expectedResponseSignature(KEY.secret, 'other-nonce', 200, res.raw));
    });
  });
});

describe('servers without keys, and requireSignature: false', () => {
  it('accepts unsigned requests when no keys are configured, and sends no signature', async () => {
    await withServer({}, async (server) => {
      const res = await call({ baseUrl: server.url, path: '/v1/predict', body });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-sb-response-signature')).toBeNull();
    });
  });

  it('with requireSignature false, unsigned passes but a bad signature is still refused', async () => {
    await withServer({ keys: { [KEY.keyId]: KEY.secret }, requireSignature: false }, async (server) => {
      expect((await call({ baseUrl: server.url, path: '/v1/predict', body })).status).toBe(200);
      const signed = await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY });
      expect(signed.signatureValid).toBe(true);
      const bad = await call({
        baseUrl: server.url,
        path: '/v1/predict',
        body,
        key: { ...KEY, secret: 'nope' },
      });
      expect(bad.json.error.code).toBe('AUTH_BAD_SIGNATURE');
    });
  });

  it('a base path is part of what is signed', async () => {
    await withServer({ keys: { [KEY.keyId]: KEY.secret }, basePath: '/ml' }, async (server) => {
      expect(server.url.endsWith('/ml')).toBe(true);
      const res = await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY });
      expect(res.status).toBe(200);
    });
  });
});
