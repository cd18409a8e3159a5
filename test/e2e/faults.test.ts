import { errorCells, sandboxFor, serverAndSandboxPerTest, validRows } from './support/e2e';

/** Every fault class the reference server can inject, against the built bundle. */
describe('faults end to end', () => {
  const env = serverAndSandboxPerTest();
  let salt = 100;
  const fresh = (count: number) => validRows(count, salt++);

  it.each([429, 500, 502, 504])('recovers from one HTTP %i per batch', async (status) => {
    await env.server.setFaults({ failFirstAttempts: { count: 1, status } });
    expect(errorCells(env.sandbox.callCustomFunction('PREDICT', fresh(600)))).toEqual([]);
  });

  it.each([
    [429, 'RATE_LIMITED'],
    [500, 'SERVER_ERROR'],
  ])('persistent HTTP %i ends as %s cells after 3 attempts', async (status, code) => {
    await env.server.setFaults({ errorRate: 1, errorStatus: status });
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', fresh(2));
    expect(String(output[0]?.[0])).toMatch(new RegExp(`^#ERROR ${code}: .*after 3 attempts`));
  });

  it('Retry-After as an HTTP-date is honoured', async () => {
    await env.server.setFaults({ statusSequence: [{ status: 429, retryAfterS: 2, retryAfterDate: true }] });
    const started = Date.now();
    expect(errorCells(env.sandbox.callCustomFunction('PREDICT', fresh(3)))).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it.each([
    ['not-json', 'BAD_RESPONSE'],
    ['wrong-length', 'BAD_RESPONSE'],
    ['bad-shape', 'BAD_RESPONSE'],
    ['html-error-page', 'UNAVAILABLE'], // a proxy's 502 page: retried, then UNAVAILABLE
  ] as const)('a %s answer becomes %s cells, not a crash', async (malformed, code) => {
    await env.server.setFaults({ malformed });
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', fresh(3));
    expect(output).toHaveLength(3);
    for (const row of output) expect(String(row[0])).toMatch(new RegExp(`^#ERROR ${code}: `));
  });

  it.each(['tamper-signature', 'missing-signature'] as const)(
    'a %s answer is refused for the whole call',
    async (malformed) => {
      await env.server.setFaults({ malformed });
      expect(() => env.sandbox.callCustomFunction('PREDICT', fresh(3))).toThrow(/\(BAD_SIGNATURE\)/);
    },
  );

  it('dropped connections are retried, and persistent ones end as UNAVAILABLE', async () => {
    await env.server.setFaults({ dropConnection: true });
    const output = env.sandbox.callCustomFunction<unknown[][]>('PREDICT', fresh(2));
    expect(String(output[0]?.[0])).toMatch(/^#ERROR UNAVAILABLE: could not reach the API/);
    expect(env.sandbox.http.requests).toHaveLength(3);
  });

  it('a connection refused (nothing listening) is UNAVAILABLE, not a crash', async () => {
    const nowhere = sandboxFor('http://127.0.0.1:9');
    const output = nowhere.callCustomFunction<unknown[][]>('PREDICT', fresh(1));
    expect(String(output[0]?.[0])).toMatch(
      /^#ERROR UNAVAILABLE: could not reach the API \(.*Address unavailable/,
    );
    await nowhere.close();
  });

  it('a slow API: the call stops starting rounds before 30 s and returns what it has', async () => {
    await env.server.setFaults({ latencyMs: 6_000 });
    const slow = sandboxFor(env.server.url, { SHEETBRIDGE_PARALLEL: '1', SHEETBRIDGE_BATCH_ROWS: '10' });
    const started = Date.now();
    const output = slow.callCustomFunction<unknown[][]>('PREDICT', fresh(100));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(25_000);
    const values = output.filter((row) => typeof row[0] === 'number');
    expect(values.length).toBeGreaterThanOrEqual(20);
    expect(String(output[99]?.[0])).toMatch(/^#ERROR TIMEOUT: /);
    await slow.close();
  }, 40_000);

  it('the server restarted in the middle of a run: every row still gets its value', async () => {
    // Five attempts: full-jitter waits of up to 0.3 + 0.6 + 1.2 + 2.4 s outlast a 200 ms restart
    // (with three, all attempts can land inside the gap by chance).
    const many = sandboxFor(env.server.url, {
      SHEETBRIDGE_PARALLEL: '2',
      SHEETBRIDGE_BATCH_ROWS: '100',
      SHEETBRIDGE_MAX_ATTEMPTS: '5',
    });
    await env.server.restartAfter(3, 200);
    const output = many.callCustomFunction<unknown[][]>('PREDICT', fresh(1_000));
    expect(errorCells(output)).toEqual([]);
    expect(many.http.requests.some((r) => r.status === null)).toBe(true);
    await many.close();
  });
});
