// The fake UrlFetchApp against a real HTTP server on 127.0.0.1 (in a worker thread, see helpers.ts).
import { closedPort, sandboxFor, startTestServer, type TestServer } from './helpers';
import type { Sandbox } from './sandbox';
import { httpFailureMessage } from './url-fetch';

const SCRIPT = `
  function get(url, params) {
    var r = UrlFetchApp.fetch(url, params || {});
    return { code: r.getResponseCode(), text: r.getContentText(), headers: r.getHeaders(), all: r.getAllHeaders(),
             bytes: r.getContent(), type: r.getBlob().getContentType() };
  }
  function all(requests) {
    return UrlFetchApp.fetchAll(requests).map(function (r) { return r.getResponseCode() + ':' + r.getContentText(); });
  }
  function caught(url, params) {
    try { UrlFetchApp.fetch(url, params || {}); return 'no error'; } catch (e) { return String(e) + '|' + e.name + '|' + (e instanceof Error); }
  }
  function caughtAll(requests) {
    try { UrlFetchApp.fetchAll(requests); return 'no error'; } catch (e) { return String(e); }
  }`;

interface Fetched {
  code: number;
  text: string;
  headers: Record<string, string>;
  all: Record<string, string | string[]>;
  bytes: number[];
  type: string | null;
}

let server: TestServer;
let sb: Sandbox;

beforeAll(async () => {
  server = await startTestServer();
  sb = sandboxFor(SCRIPT);
  sb.call('get', `${server.url}/status/200`); // start the fetch worker before anything is timed
});

afterAll(async () => {
  await sb.close();
  await server.close();
});

beforeEach(() => sb.http.reset());

describe('UrlFetchApp.fetch', () => {
  it('returns status, text, signed bytes, and headers in the case the server sent them', () => {
    const r = sb.call<Fetched>('get', `${server.url}/headers`);
    expect(r.code).toBe(200);
    expect(r.text).toBe('ok');
    expect(r.headers['X-SB-Response-Signature']).toBe('abc');
    expect(r.headers['x-lower-case']).toBe('yes');
    expect(r.all['Set-Cookie']).toEqual(['a=1', 'b=2']);
    const bytes = sb.call<Fetched>('get', `${server.url}/bytes`).bytes;
    expect(bytes).toEqual([-119, 80, 78, 71, 0, -1]);
    // A context-realm array, as the script sees it, not one of the test's realm:
    expect(Object.getPrototypeOf(bytes) === Array.prototype).toBe(false);
  });

  it('sends method (any case), payload as UTF-8, content type and headers, and records them', () => {
    const r = sb.call<Fetched>('get', `${server.url}/echo?x=1`, {
      method: 'post',
      payload: '{"name":"café"}',
      contentType: 'application/json',
      headers: { 'X-SB-Nonce': 'n-1' },
    });
    const echo = JSON.parse(r.text);
    expect(echo).toMatchObject({ method: 'POST', url: '/echo?x=1', body: '{"name":"café"}' });
    expect(echo.headers['Content-Type']).toBe('application/json');
    expect(echo.headers['X-SB-Nonce']).toBe('n-1');
    expect(echo.headers['User-Agent']).toContain('Google-Apps-Script');
    const [recorded] = sb.http.requests;
    expect(recorded).toMatchObject({ method: 'POST', payload: '{"name":"café"}', status: 200 });
    expect(recorded?.headers['X-SB-Nonce']).toBe('n-1');
    expect(sb.http.fetchCalls).toBe(1);
  });

  it('form-encodes an object payload and defaults a payload to x-www-form-urlencoded', () => {
    const r = sb.call<Fetched>('get', `${server.url}/echo`, {
      method: 'POST',
      payload: { a: '1', b: 'x y' },
    });
    const echo = JSON.parse(r.text);
    expect(echo.body).toBe('a=1&b=x+y');
    expect(echo.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
  });

  it('throws for a status >= 400 unless muteHttpExceptions', () => {
    expect(sb.call('caught', `${server.url}/status/503?body=overloaded`)).toBe(
      `Exception: Request failed for ${server.url} returned code 503. Truncated server response: overloaded (use muteHttpExceptions option to examine full response)|Exception|true`,
    );
    expect(sb.call('caught', `${server.url}/status/404`)).toBe(
      `Exception: Request failed for ${server.url} returned code 404|Exception|true`,
    );
    const muted = sb.call<Fetched>('get', `${server.url}/status/503?body=overloaded`, {
      muteHttpExceptions: true,
    });
    expect(muted).toMatchObject({ code: 503, text: 'overloaded', type: 'text/plain' });
  });

  it('cuts a long error body to 150 characters, as Apps Script does', () => {
    const message = httpFailureMessage('https://api.example.com/v1/predict', 500, 'x'.repeat(400));
    expect(message).toBe(
      `Request failed for https://api.example.com returned code 500. Truncated server response: ${'x'.repeat(147)}... (use muteHttpExceptions option to examine full response)`,
    );
  });

  it('describes a request without sending it (getRequest)', () => {
    const probe = sandboxFor(
      `function req(u) { return UrlFetchApp.getRequest(u, { method: 'post', payload: { a: '1', b: 'x y' } }); }`,
    );
    expect(probe.call('req', `${server.url}/echo`)).toMatchObject({
      method: 'post',
      payload: 'a=1&b=x+y',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(sb.http.requests).toHaveLength(0);
  });

  it('follows redirects unless told not to', () => {
    expect(sb.call<Fetched>('get', `${server.url}/redirect`).text).toBe('redirected');
    expect(sb.call<Fetched>('get', `${server.url}/redirect`, { followRedirects: false }).code).toBe(302);
  });

  it('words network failures as Apps Script does', async () => {
    const port = await closedPort();
    expect(sb.call('caught', `http://127.0.0.1:${port}/v1/health`)).toMatch(
      new RegExp(`^Exception: Address unavailable: http://127.0.0.1:${port}/v1/health\\|Exception\\|true$`),
    );
    expect(sb.call('caught', `${server.url}/destroy`)).toMatch(
      /^Exception: Address unavailable: http:\/\/127\.0\.0\.1:\d+\/destroy\|/,
    );
    expect(sb.call('caught', 'http://no-such-host.invalid/x')).toMatch(
      /^Exception: DNS error: http:\/\/no-such-host\.invalid\/x\|/,
    );
    expect(sb.call('caught', 'http://10.1.2.3/x')).toMatch(
      /^Exception: Address unavailable: http:\/\/10\.1\.2\.3\/x\|/,
    );
    expect(sb.call('caught', 'http://192.168.0.1/x')).toMatch(/^Exception: Address unavailable: /);
    expect(sb.call('caught', 'ftp://example.com/x')).toMatch(
      /^Exception: Invalid argument: ftp:\/\/example\.com\/x\|/,
    );
    expect(sb.http.requests.find((r) => r.url.endsWith('/destroy'))).toMatchObject({
      status: null,
      error: expect.stringContaining('Address unavailable'),
    });
  });

  it('times out after fetchTimeoutMs', () => {
    const quick = sandboxFor(SCRIPT, { fetchTimeoutMs: 150 });
    try {
      const started = Date.now();
      expect(quick.call('caught', `${server.url}/delay/2000`)).toMatch(
        /^Exception: Timeout: http:\/\/127\.0\.0\.1:\d+\/delay\/2000\|/,
      );
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      void quick.close();
    }
  });
});

describe('UrlFetchApp.fetchAll', () => {
  it('sends all requests at once and returns the responses in order', () => {
    const started = Date.now();
    const out = sb.call<string[]>('all', [
      `${server.url}/delay/300`,
      { url: `${server.url}/status/201?body=second`, method: 'get' },
      { url: `${server.url}/delay/300`, muteHttpExceptions: true },
      `${server.url}/delay/300`,
    ]);
    const elapsed = Date.now() - started;
    expect(out).toEqual(['200:waited 300', '201:second', '200:waited 300', '200:waited 300']);
    expect(elapsed).toBeLessThan(700);
    expect(sb.http.fetchAllCalls).toBe(1);
    expect(sb.http.fetchCalls).toBe(0);
    expect(sb.http.requests).toHaveLength(4);
    const starts = sb.http.requests.map((r) => r.startedAt);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(100);
  });

  it('throws for the whole call when one request fails at the network level or with an unmuted error status', async () => {
    const port = await closedPort();
    expect(sb.call('caughtAll', [`${server.url}/status/200`, `http://127.0.0.1:${port}/`])).toBe(
      `Exception: Address unavailable: http://127.0.0.1:${port}/`,
    );
    expect(
      sb.call('caughtAll', [
        { url: `${server.url}/status/200`, muteHttpExceptions: true },
        { url: `${server.url}/status/500`, muteHttpExceptions: false },
      ]),
    ).toBe(`Exception: Request failed for ${server.url} returned code 500`);
  });
});
