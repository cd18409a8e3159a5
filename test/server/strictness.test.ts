// What the reference server refuses or cuts off before it does any work: bodies that are not JSON (415),
// clients that send their headers slowly, and routes outside the base path. Behind an ALB these are the
// difference between a clear error and a held connection.
import { connect } from 'node:net';
import { buildServer } from '../../server/src/app';
import type { ReferenceServer } from '../../server/src/index';
import { DEFAULT_TIMEOUTS } from '../../server/src/runtime';
import { KEY, ROWS, withServer } from './fixtures';
import { call, sb1Headers } from './sign';

const keys = { [KEY.keyId]: KEY.secret };
const body = JSON.stringify({ model: 'default', rows: ROWS });

/** A predict with this Content-Type, signed unless `signed` is false. */
const predictAs = (server: ReferenceServer, type: string, signed = true) =>
  call({
    baseUrl: server.url,
    path: '/v1/predict',
    body,
    key: signed ? KEY : undefined,
    headers: { 'content-type': type },
  });

describe('POST /v1/predict with a body that is not declared JSON', () => {
  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=iso-8859-1',
  ])('answers 415 UNSUPPORTED_MEDIA_TYPE for %s, signed like any answer', async (type) => {
    await withServer({ keys }, async (server) => {
      const res = await predictAs(server, type);
      expect(res.status).toBe(415);
      expect(res.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.json.error.message).toContain(type.split(';')[0]);
      expect(res.signatureValid).toBe(true);
      expect(server.stats.rowsPredicted).toBe(0);
    });
  });

  it('answers 415 when there is no Content-Type at all', async () => {
    await withServer({ keys }, async (server) => {
      const bytes = Buffer.from(body);
      const headers = sb1Headers({ ...KEY, method: 'POST', pathAndQuery: '/v1/predict', body: bytes });
      // A Uint8Array body makes fetch send no Content-Type of its own.
      const res = await fetch(`${server.url}/v1/predict`, {
        method: 'POST',
        headers,
        body: new Uint8Array(bytes),
      });
      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('authenticates first: an unsigned text/plain request learns only that it is unsigned', async () => {
    await withServer({ keys }, async (server) => {
      const res = await predictAs(server, 'text/plain', false);
      expect(res.status).toBe(401);
    });
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"'])(
    'accepts %s',
    async (type) => {
      await withServer({ keys }, async (server) => {
        expect((await predictAs(server, type)).status).toBe(200);
      });
    },
  );
});

describe('connection timeouts', () => {
  it("defaults: keep-alive above the ALB's 60 s idle timeout, headers and requests bounded", () => {
    const { app } = buildServer({});
    expect(app.server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(app.server.keepAliveTimeout).toBe(DEFAULT_TIMEOUTS.keepAliveMs);
    expect(app.server.headersTimeout).toBe(DEFAULT_TIMEOUTS.headersMs);
    expect(app.server.requestTimeout).toBe(DEFAULT_TIMEOUTS.requestMs);
    expect(DEFAULT_TIMEOUTS.headersMs).toBeLessThanOrEqual(10_000);
  });

  it('cuts off a client that sends its headers too slowly', async () => {
    await withServer({ keys, timeouts: { headersMs: 500, requestMs: 1000 } }, async (server) => {
      const started = Date.now();
      const closedAfterMs = await new Promise<number>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => {
          // Half a request, then nothing: the shape of a slowloris connection.
          socket.write('POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(Date.now() - started));
        socket.resume();
        // Still open: hang up ourselves so that the server can close, and let the expectation fail.
        setTimeout(() => socket.destroy(), 5000).unref();
      });
      expect(closedAfterMs).toBeLessThan(3000);
    });
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() => buildServer({ timeouts: { headersMs: 20_000, requestMs: 10_000 } })).toThrow(/headersMs/);
  });
});

describe('routes under a base path', () => {
  it('registers every route under the prefix and none outside it', async () => {
    const { app } = buildServer({ basePath: '/ml' });
    await app.ready();
    for (const [method, url] of [
      ['GET', '/v1/health'],
      ['GET', '/v1/models'],
      ['POST', '/v1/predict'],
    ] as const) {
      expect(app.hasRoute({ method, url: `/ml${url}` })).toBe(true);
      expect(app.hasRoute({ method, url })).toBe(false);
    }
    await app.close();
  });
});
