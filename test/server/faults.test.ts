import { seededRandom, validateFaultConfig } from '../../server/src/faults';
import { type FaultConfig, type ReferenceServer, startReferenceServer } from '../../server/src/index';
import { KEY, ROWS } from './fixtures';
import { call } from './sign';

const body = { model: 'default', rows: ROWS };
// A frozen server clock (within the SB1 window of the real one) makes Retry-After dates predictable.
const FROZEN_MS = Math.floor(Date.now() / 1000) * 1000;

describe('fault injection', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ keys: { [KEY.keyId]: KEY.secret }, now: () => FROZEN_MS });
  });
  afterAll(() => server.close());
  afterEach(() => server.setFaults(undefined));

  const predict = (headers: Record<string, string> = {}) =>
    call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers });
  const statuses = async (n: number, send = () => predict()) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await send()).status);
    return out;
  };

  it('latencyMs (+ jitter) delays predict but not health', async () => {
    server.setFaults({ latencyMs: 250, latencyJitterMs: 50 });
    let t = Date.now();
    expect((await predict()).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    t = Date.now();
    expect((await call({ baseUrl: server.url, path: '/v1/health' })).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(200);
  });

  it('includeHealth faults the health check too', async () => {
    server.setFaults({ statusSequence: [{ status: 503 }], includeHealth: true });
    expect((await call({ baseUrl: server.url, path: '/v1/health' })).status).toBe(503);
  });

  it('statusSequence answers in order, then normally; injected errors are signed, with Retry-After', async () => {
    server.setFaults({
      statusSequence: [
        { status: 429, retryAfterS: 2 },
        { status: 503, retryAfterS: 7, retryAfterDate: true },
      ],
    });
    const first = await predict();
    expect(first.status).toBe(429);
    expect(first.json.error.code).toBe('RATE_LIMITED');
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.signatureValid).toBe(true);
    const second = await predict();
    expect(second.json.error.code).toBe('UNAVAILABLE');
    expect(second.headers.get('retry-after')).toBe(new Date(FROZEN_MS + 7000).toUTCString());
    expect((await predict()).status).toBe(200);
  });

  it('statusSequence also applies to /v1/models', async () => {
    server.setFaults({ statusSequence: [{ status: 500 }] });
    const res = await call({ baseUrl: server.url, path: '/v1/models', key: KEY });
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe('INTERNAL');
  });

  it('failFirstAttempts fails the first N attempts of every Idempotency-Key', async () => {
    server.setFaults({ failFirstAttempts: { count: 2, status: 503, retryAfterS: 1 } });
    const a = await statuses(3, () => predict({ 'Idempotency-Key': 'fa-a' }));
    const b = await statuses(3, () => predict({ 'Idempotency-Key': 'fa-b' }));
    expect(a).toEqual([503, 503, 200]);
    expect(b).toEqual([503, 503, 200]);
  });

  it('errorRate is deterministic for a seed', async () => {
    const config: FaultConfig = { errorRate: 0.5, errorStatus: 502, seed: 42 };
    server.setFaults(config);
    const run1 = await statuses(20);
    server.setFaults(config);
    const run2 = await statuses(20);
    expect(run1).toEqual(run2);
    expect(run1).toContain(502);
    expect(run1).toContain(200);
  });

  it('dropConnection: true destroys the socket without an answer', async () => {
    server.setFaults({ dropConnection: true });
    const before = server.stats.byStatus.dropped ?? 0;
    await expect(predict()).rejects.toThrow();
    expect(server.stats.byStatus.dropped).toBe(before + 1);
  });

  it('dropConnection as a rate drops some requests only', async () => {
    server.setFaults({ dropConnection: 0.5, seed: 7 });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++)
      outcomes.push(
        await predict().then(
          (r) => String(r.status),
          () => 'dropped',
        ),
      );
    expect(outcomes).toContain('dropped');
    expect(outcomes).toContain('200');
  });

  it('malformed not-json: a 200 whose body does not parse', async () => {
    server.setFaults({ malformed: 'not-json' });
    const res = await predict();
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    expect(res.signatureValid).toBe(true); // signed: the app itself is broken, not the path
  });

  it('malformed wrong-length: one result fewer than rows', async () => {
    server.setFaults({ malformed: 'wrong-length' });
    const res = await predict();
    expect(res.json.results).toHaveLength(ROWS.length - 1);
  });

  it('malformed bad-shape: no results array', async () => {
    server.setFaults({ malformed: 'bad-shape' });
    const res = await predict();
    expect(res.status).toBe(200);
    expect(res.json.results).toBeUndefined();
  });

  it('malformed html-error-page: an unsigned 502 HTML page, like a load balancer', async () => {
    server.setFaults({ malformed: 'html-error-page' });
    const res = await predict();
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('x-sb-response-signature')).toBeNull();
  });

  it('malformed tamper-signature: a signature that does not verify', async () => {
    server.setFaults({ malformed: 'tamper-signature' });
    const res = await predict();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-sb-response-signature')).not.toBeNull();
    expect(res.signatureValid).toBe(false);
  });

  it('malformed missing-signature: a correct body without the signature header', async () => {
    server.setFaults({ malformed: 'missing-signature' });
    const res = await predict();
    expect(res.json.results).toHaveLength(ROWS.length);
    expect(res.headers.get('x-sb-response-signature')).toBeNull();
  });

  it('faults off again after setFaults(undefined)', async () => {
    server.setFaults({ statusSequence: [{ status: 503 }] });
    server.setFaults(undefined);
    expect((await predict()).status).toBe(200);
  });
});

describe('fault config validation', () => {
  it.each([
    [{ errorRate: 2 }, 'errorRate'],
    [{ errorStatus: 200 }, 'errorStatus'],
    [{ malformed: 'weird' }, 'malformed'],
    [{ statusSequence: [{}] }, 'statusSequence[0].status'],
    [{ failFirstAttempts: { count: -1, status: 503 } }, 'failFirstAttempts.count'],
    [{ latencyMs: 'slow' }, 'latencyMs'],
    [{ typo: 1 }, 'unknown field typo'],
  ])('rejects %j naming %s', (config, name) => {
    expect(() => validateFaultConfig(config)).toThrow(name);
  });

  it('seededRandom repeats for a seed', () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
