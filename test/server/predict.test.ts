import { type ReferenceServer, startReferenceServer } from '../../server/src/index';
import { COLUMNS, KEY, ROWS } from './fixtures';
import { call } from './sign';

describe('POST /v1/predict (contract v1)', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({
      keys: { [KEY.keyId]: KEY.secret },
      maxRows: 50,
      maxBodyBytes: 20_000,
    });
  });
  afterAll(() => server.close());

  const predict = (body: unknown) => call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY });

  it('answers one probability per row, in order, signed', async () => {
    const res = await predict({ model: 'default', rows: ROWS });
    expect(res.status).toBe(200);
    expect(res.signatureValid).toBe(true);
    expect(res.json.model).toBe('default');
    expect(res.json.modelVersion).toBe('1.0.0');
    expect(res.json.results).toHaveLength(ROWS.length);
    for (const r of res.json.results) {
      expect(typeof r.value).toBe('number');
      expect(r.value).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeLessThanOrEqual(1);
      expect(Math.round(r.value * 10_000)).toBeCloseTo(r.value * 10_000, 6); // 4 decimals
    }
    // A new, unhappy free user churns more than a loyal annual team customer.
    expect(res.json.results[1].value).toBeGreaterThan(0.8);
    expect(res.json.results[2].value).toBeLessThan(0.2);
  });

  it('churn-proba answers [p_stay, p_churn] that sum to 1 and agree with default', async () => {
    const pair = await predict({ model: 'churn-proba', rows: ROWS });
    const single = await predict({ model: 'default', rows: ROWS });
    expect(pair.status).toBe(200);
    pair.json.results.forEach((r: { value: [number, number] }, i: number) => {
      expect(r.value).toHaveLength(2);
      const [pStay, pChurn] = r.value;
      expect(pStay + pChurn).toBeCloseTo(1, 4);
      expect(pChurn).toBe(single.json.results[i].value);
    });
  });

  it('matches named columns case-insensitively, in any order, with the same answers as positional', async () => {
    const order = [3, 0, 7, 1, 2, 4, 6, 5];
    const columns = order.map((i) => `  ${(COLUMNS[i] as string).toUpperCase()} `);
    const rows = ROWS.map((row) => order.map((i) => row[i]));
    const named = await predict({ model: 'default', columns, rows });
    const positional = await predict({ model: 'default', rows: ROWS });
    expect(named.status).toBe(200);
    expect(named.json.results).toEqual(positional.json.results);
  });

  it('rejects unknown or missing column names with 400 naming them', async () => {
    const res = await predict({
      model: 'default',
      columns: [...COLUMNS.slice(1), 'favourite_colour'],
      rows: [],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('BAD_REQUEST');
    expect(res.json.error.message).toContain('favourite_colour');
    expect(res.json.error.message).toContain('age');
    expect(res.signatureValid).toBe(true);
  });

  it.each([
    [['x', 12, 49.5, 'pro', '関東', 1, 3, true], 'age must be a number'],
    [[null, 12, 49.5, 'pro', '関東', 1, 3, true], 'age is required'],
    [[34, 12, 49.5, 'gold', '関東', 1, 3, true], 'plan must be one of free, pro, team'],
    [[34, 12, 49.5, 'pro', 'Mars', 1, 3, true], 'region must be one of'],
    [[34, 12, 49.5, 'pro', '関東', 1, 3, 'yes'], 'is_annual must be TRUE or FALSE'],
    [[34, 12, 49.5, 'pro', '関東', 1, 3], 'row has 7 cells, expected 8'],
    [[-1, 12, 49.5, 'pro', '関東', 1, 3, true], 'age must be >= 0'],
    ['not a row', 'row must be an array'],
  ])('a bad row %j is that row INVALID_ROW, its neighbours still answer', async (bad, message) => {
    const res = await predict({ model: 'default', rows: [ROWS[0], bad, ROWS[1]] });
    expect(res.status).toBe(200);
    expect(res.json.results[0].value).toEqual(expect.any(Number));
    expect(res.json.results[1].error.code).toBe('INVALID_ROW');
    expect(res.json.results[1].error.message).toContain(message);
    expect(res.json.results[2].value).toEqual(expect.any(Number));
  });

  it('accepts category labels regardless of case and full-width letters', async () => {
    const res = await predict({
      model: 'default',
      rows: [[34, 12, 49.5, 'PRO', 'ｏｖｅｒｓｅａｓ', 1, 3, 'false']],
    });
    expect(res.json.results[0].value).toEqual(expect.any(Number));
  });

  it.each([
    [{ rows: [] }, "required property 'model'"],
    [{ model: 'default' }, "required property 'rows'"],
    [{ model: 'default', rows: 'abc' }, 'rows must be array'],
    [{ model: 'default', columns: [1], rows: [] }, 'columns/0 must be string'],
    ['{"model":', 'not valid JSON'],
  ])('400 BAD_REQUEST names the field for %j', async (body, message) => {
    const res = await predict(body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('BAD_REQUEST');
    expect(res.json.error.message).toContain(message);
  });

  it('422 UNKNOWN_MODEL', async () => {
    const res = await predict({ model: 'nope', rows: [] });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('UNKNOWN_MODEL');
  });

  it('413 TOO_MANY_ROWS carries maxRows', async () => {
    const res = await predict({ model: 'default', rows: Array.from({ length: 51 }, () => ROWS[0]) });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: 'TOO_MANY_ROWS', maxRows: 50, maxBytes: 20_000 });
    expect(res.signatureValid).toBe(true);
  });

  it('413 BODY_TOO_LARGE (Fastify body limit) in the contract shape, with maxRows', async () => {
    const res = await predict({ model: 'default', rows: [['x'.repeat(30_000)]] });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: 'BODY_TOO_LARGE', maxRows: 50, maxBytes: 20_000 });
  });

  it('an empty batch answers an empty results array', async () => {
    const res = await predict({ model: 'default', rows: [] });
    expect(res.status).toBe(200);
    expect(res.json.results).toEqual([]);
  });

  it('counts requests and rows in stats', async () => {
    server.stats.reset();
    await predict({ model: 'default', rows: ROWS });
    await call({ baseUrl: server.url, path: '/v1/health' });
    expect(server.stats.requests).toBe(2);
    expect(server.stats.predictRequests).toBe(1);
    expect(server.stats.rowsPredicted).toBe(3);
    expect(server.stats.byStatus).toEqual({ '200': 2 });
  });
});

describe('GET /v1/health and /v1/models', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ keys: { [KEY.keyId]: KEY.secret } });
  });
  afterAll(() => server.close());

  it('health needs no signature and reports the model version', async () => {
    const res = await call({ baseUrl: server.url, path: '/v1/health' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', modelVersion: '1.0.0' });
  });

  it('models is signed like predict and lists both models, default first', async () => {
    expect((await call({ baseUrl: server.url, path: '/v1/models' })).status).toBe(401);
    const res = await call({ baseUrl: server.url, path: '/v1/models', key: KEY });
    expect(res.status).toBe(200);
    expect(res.signatureValid).toBe(true);
    expect(res.json.models.map((m: { name: string }) => m.name)).toEqual([
      'default',
      'churn-proba',
      'renewal',
    ]);
    expect(res.json.models[0]).toMatchObject({
      version: '1.0.0',
      columns: COLUMNS,
      outputs: ['churn_probability'],
    });
    expect(res.json.models[1].outputs).toEqual(['p_stay', 'p_churn']);
  });

  it('unknown paths answer 404 in the error shape', async () => {
    const res = await call({ baseUrl: server.url, path: '/v2/predict' });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('NOT_FOUND');
  });
});
