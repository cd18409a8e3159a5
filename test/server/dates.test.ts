import { type ReferenceServer, startReferenceServer } from '../../server/src/index';
import { KEY } from './fixtures';
import { call } from './sign';

/** The "renewal" model takes a date column: contract v1 sends local date-times with their offset. */
describe('date inputs and model versions', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ keys: { [KEY.keyId]: KEY.secret } });
  });
  afterAll(() => server.close());

  const predict = (rows: unknown[][], model = 'renewal') =>
    call({ baseUrl: server.url, path: '/v1/predict', body: { model, rows }, key: KEY });

  it('reads the calendar day as written: the same day with any offset gives the same answer', async () => {
    const res = await predict([
      ['pro', 40, '2026-11-26T00:00:00.000+09:00'],
      ['pro', 40, '2026-11-26T23:59:59.999-05:00'],
      ['pro', 40, '2026-11-26'],
      ['pro', 40, '2026-11-25T15:00:00.000Z'],
    ]);
    expect(res.status).toBe(200);
    const [tokyo, newYork, bare, utc] = res.json.results.map((r: { value: number }) => r.value);
    expect(newYork).toBe(tokyo);
    expect(bare).toBe(tokyo);
    // The instant 2026-11-25T15:00Z is written as the 25th: a UTC client loses a day, so it differs.
    expect(utc).not.toBe(tokyo);
  });

  it.each([
    ['not a date', 'soon'],
    ['an impossible day', '2026-02-30'],
    ['a time without an offset', '2026-11-26T09:00:00'],
    ['a number', 46000],
  ])('refuses %s with an INVALID_ROW naming the column', async (_name, cell) => {
    const res = await predict([['pro', 40, cell]]);
    expect(res.status).toBe(200);
    expect(res.json.results[0]).toEqual({
      error: {
        code: 'INVALID_ROW',
        message: 'signup_date must be a date such as 2026-11-26 or 2026-11-26T00:00:00.000+09:00',
      },
    });
  });

  it('a model redeployed at run time answers with its new version and new values', async () => {
    const row = ['pro', 40, '2026-11-26'];
    const before = await predict([row]);
    server.redeployModel('renewal', '1.1.0', 0.5);
    const after = await predict([row]);
    expect(before.json.modelVersion).toBe('1.0.0');
    expect(after.json.modelVersion).toBe('1.1.0');
    expect(after.json.results[0].value).toBeGreaterThan(before.json.results[0].value);
    const models = await call({ baseUrl: server.url, path: '/v1/models', key: KEY, method: 'GET' });
    expect(models.json.models.find((m: { name: string }) => m.name === 'renewal').version).toBe('1.1.0');
  });
});
