import {
  column,
  errorCells,
  sampleSheet,
  sandboxFor,
  serverAndSandboxPerTest,
  validRows,
} from './support/e2e';

/** The built bundle in the sandbox against the real reference server, as users run it. */
describe('PREDICT end to end', () => {
  const env = serverAndSandboxPerTest();

  it('10,000 rows x 8 columns: correct results in at most 20 requests, sent in parallel', async () => {
    const rows = validRows(10_000);
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', rows);
    expect(output).toHaveLength(10_000);
    expect(errorCells(output)).toEqual([]);
    for (const value of column(output)) expect(value).toEqual(expect.any(Number));
    expect(column(output).every((v) => (v as number) >= 0 && (v as number) <= 1)).toBe(true);
    expect(env.sandbox.http.requests.length).toBeLessThanOrEqual(20);
    expect(env.sandbox.http.fetchAllCalls).toBeLessThanOrEqual(2);
    expect((await env.server.stats()).rowsPredicted).toBe(10_000);
  });

  it('the sample sheet with its header: output names first, errors only on the two bad rows, blanks kept', () => {
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', sampleSheet(), 'default', true);
    expect(output[0]).toEqual(['churn_probability']);
    expect(output).toHaveLength(1_001);
    const errors = output
      .map((row, i) => [i, String(row[0])])
      .filter(([, cell]) => String(cell).startsWith('#ERROR'));
    expect(errors.map(([i]) => i)).toEqual([42, 319]);
    expect(String(errors[0]?.[1])).toMatch(/^#ERROR INVALID_ROW: last_login_days/);
    expect(output[501]).toEqual(['']);
    expect(output[502]).toEqual(['']);
  });

  it('a model whose value is an array spreads over two columns', () => {
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', validRows(3), 'churn-proba');
    for (const [stay, churn] of output as number[][]) expect((stay ?? 0) + (churn ?? 0)).toBeCloseTo(1, 3);
  });

  it('a second identical call makes no request', () => {
    const rows = validRows(1_200);
    const first = env.sandbox.callCustomFunction('PREDICT', rows);
    env.sandbox.http.reset();
    expect(env.sandbox.callCustomFunction('PREDICT', rows)).toEqual(first);
    expect(env.sandbox.http.requests).toHaveLength(0);
  });

  it('a 503 on the first attempt of every batch still gives every row its value, with the same Idempotency-Key', async () => {
    await env.server.setFaults({ failFirstAttempts: { count: 1, status: 503 } });
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', validRows(2_000, 17));
    expect(errorCells(output)).toEqual([]);
    const keys = env.sandbox.http.requests.map((r) => r.headers['Idempotency-Key']);
    expect(keys).toHaveLength(8);
    expect(new Set(keys).size).toBe(4);
    expect((await env.server.stats()).byStatus['503']).toBe(4);
  });

  it('waits out Retry-After: 2', async () => {
    await env.server.setFaults({ statusSequence: [{ status: 503, retryAfterS: 2 }] });
    const started = Date.now();
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', validRows(5, 23));
    expect(errorCells(output)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('a server that always fails gets an actionable answer well inside 30 s', async () => {
    await env.server.setFaults({ errorRate: 1, errorStatus: 503, retryAfterS: 1 });
    const started = Date.now();
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', validRows(3, 29));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(String(output[0]?.[0])).toMatch(/^#ERROR UNAVAILABLE: HTTP 503 from the API.*after 3 attempts/);
  });

  it('one bad row shows #ERROR INVALID_ROW in that row only', () => {
    const rows = validRows(4);
    rows[2] = [...(rows[2] as unknown[])];
    (rows[2] as unknown[])[0] = 'thirty';
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', rows);
    expect(errorCells(output)).toEqual(['#ERROR INVALID_ROW: age must be a number']);
    expect(String(output[2]?.[0])).toMatch(/^#ERROR INVALID_ROW/);
  });

  it('Japanese text and dates reach the API intact', () => {
    const rows = validRows(1);
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', rows);
    expect(output[0]?.[0]).toEqual(expect.any(Number));
    expect(env.sandbox.http.requests[0]?.payload).toContain((rows[0] as unknown[])[4] as string);
  });

  it('not configured: the cell errors with what to set', () => {
    const bare = sandboxFor('', { SHEETBRIDGE_BASE_URL: '' });
    expect(() => bare.callCustomFunction('PREDICT', validRows(1))).toThrow(/SHEETBRIDGE_BASE_URL/);
    return bare.close();
  });
});
