import type { HttpOutcome } from '../../../src/core/ports';
import { answer, errorAnswer, predictAnswer } from '../support/fake-api';
import { harness } from '../support/predict-harness';

const rows = [[1], [2]];

describe('retries', () => {
  it.each([408, 409, 429, 500, 502, 503, 504])('retries HTTP %i and then gets every value', (status) => {
    const h = harness((req, attempt) =>
      attempt === 1 ? errorAnswer(req, status, 'TRANSIENT') : predictAnswer(req),
    );
    const report = h.run(rows);
    expect(report.output).toEqual([[1], [2]]);
    expect(report.retries).toBe(1);
    expect(h.http.requests).toHaveLength(2);
  });

  it('keeps the Idempotency-Key across retries and uses a fresh nonce per attempt', () => {
    const h = harness((req, attempt) =>
      attempt < 3 ? errorAnswer(req, 503, 'UNAVAILABLE') : predictAnswer(req),
    );
    h.run(rows);
    const [a, b, c] = h.http.requests;
    expect(new Set([a, b, c].map((r) => r?.headers['Idempotency-Key'])).size).toBe(1);
    expect(new Set([a, b, c].map((r) => r?.headers['X-SB-Nonce'])).size).toBe(3);
  });

  it('a 503 on the first attempt of every batch still gives every row its value', () => {
    const h = harness((req, attempt) =>
      attempt === 1 ? errorAnswer(req, 503, 'UNAVAILABLE') : predictAnswer(req),
    );
    const input = Array.from({ length: 10_000 }, (_, i) => [i]);
    const report = h.run(input);
    expect(report.failedRows).toBe(0);
    expect(report.output[9_999]).toEqual([9_999]);
    expect(report.requests).toBe(40);
  });

  it.each([
    [400, 'BAD_REQUEST'],
    [422, 'REJECTED'],
  ])('does not retry HTTP %i and shows %s', (status, code) => {
    const h = harness((req) => errorAnswer(req, status, 'NOPE'));
    const report = h.run(rows);
    expect(h.http.requests).toHaveLength(1);
    expect(report.output[0]?.[0]).toBe(`#ERROR ${code}: HTTP ${status} from the API: NOPE from the fake API`);
  });

  it.each([401, 403])('does not retry HTTP %i and throws an AUTH error that says what to check', (status) => {
    const h = harness((req) => errorAnswer(req, status, 'AUTH_UNKNOWN_KEY'));
    expect(() => h.run(rows)).toThrow(
      expect.objectContaining({ code: 'AUTH', message: expect.stringContaining('SHEETBRIDGE_KEY_ID') }),
    );
    expect(h.http.requests).toHaveLength(1);
  });

  it('an unknown model is a whole-call error naming the model', () => {
    const h = harness((req) => errorAnswer(req, 422, 'UNKNOWN_MODEL'));
    expect(() => h.run(rows, { model: 'nope' })).toThrow(/no model named "nope"/);
  });

  it('an unsigned error answer counts by its status only: its text never reaches a cell', () => {
    const h = harness(() => ({
      kind: 'response',
      status: 400,
      headers: {},
      body: '{"error":{"code":"X","message":"=HYPERLINK(evil)"}}',
    }));
    const cell = String(h.run(rows).output[0]?.[0]);
    expect(cell).toMatch(/^#ERROR BAD_REQUEST: HTTP 400 from the API \(an unsigned answer/);
    expect(cell).not.toContain('HYPERLINK');
  });

  it('a redirect points at the base URL setting', () => {
    const h = harness(() => ({
      kind: 'response',
      status: 301,
      headers: { location: 'https://api.example.com/v1/predict' },
      body: '',
    }));
    expect(() => h.run(rows)).toThrow(
      expect.objectContaining({
        code: 'BAD_SETTING',
        message: expect.stringContaining('https://api.example.com'),
      }),
    );
  });

  it('a 404 points at the base URL setting', () => {
    const h = harness((req) => errorAnswer(req, 404, 'NOT_FOUND'));
    expect(() => h.run(rows)).toThrow(expect.objectContaining({ code: 'BAD_SETTING' }));
  });

  it('gives up after SHEETBRIDGE_MAX_ATTEMPTS with the status code', () => {
    const h = harness((req) => errorAnswer(req, 500, 'INTERNAL'), { SHEETBRIDGE_MAX_ATTEMPTS: '2' });
    const report = h.run(rows);
    expect(h.http.requests).toHaveLength(2);
    expect(report.output[0]?.[0]).toMatch(/^#ERROR SERVER_ERROR: .*after 2 attempts/);
  });

  it('maps 429 to RATE_LIMITED once retries run out', () => {
    const h = harness((req) => errorAnswer(req, 429, 'RATE_LIMITED'));
    expect(h.run(rows).output[1]?.[0]).toMatch(/^#ERROR RATE_LIMITED: /);
  });

  it('retries network failures and reports UNAVAILABLE when they persist', () => {
    const failure: HttpOutcome = {
      kind: 'network-error',
      message: 'Address unavailable: http://203.0.113.10/v1/predict',
    };
    const h = harness(() => failure);
    const report = h.run(rows);
    expect(h.http.requests).toHaveLength(3);
    expect(report.output[0]?.[0]).toMatch(
      /^#ERROR UNAVAILABLE: could not reach the API \(Address unavailable/,
    );
  });

  it('recovers from a network failure on the first attempt', () => {
    const h = harness((req, attempt) =>
      attempt === 1 ? { kind: 'network-error', message: 'Timeout: http://203.0.113.10' } : predictAnswer(req),
    );
    expect(h.run(rows).output).toEqual([[1], [2]]);
  });
});

describe('Retry-After and the deadline', () => {
  it('waits out Retry-After: 2', () => {
    const h = harness((req, attempt) =>
      attempt === 1 ? errorAnswer(req, 503, 'UNAVAILABLE', { 'retry-after': '2' }) : predictAnswer(req),
    );
    const report = h.run(rows);
    expect(report.output).toEqual([[1], [2]]);
    expect(h.clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2_000);
  });

  it('understands Retry-After as an HTTP-date', () => {
    const h = harness((req, attempt) =>
      attempt === 1
        ? errorAnswer(req, 429, 'RATE_LIMITED', {
            'retry-after': new Date(h.clock.now + 3_000).toUTCString(),
          })
        : predictAnswer(req),
    );
    h.run(rows);
    expect(h.clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2_000);
  });

  it('never sleeps past the deadline: a Retry-After longer than the time left fails at once', () => {
    const h = harness((req) => errorAnswer(req, 503, 'UNAVAILABLE', { 'retry-after': '60' }));
    const started = h.clock.now;
    const report = h.run(rows);
    expect(h.clock.now - started).toBeLessThan(1_000);
    expect(report.output[0]?.[0]).toMatch(/^#ERROR UNAVAILABLE: .*asked to wait 60 s, no time left to retry/);
  });

  it('a server that always fails gets an answer well inside 30 s', () => {
    const h = harness((req) => errorAnswer(req, 503, 'UNAVAILABLE', { 'retry-after': '5' }), {}, 2_000);
    const started = h.clock.now;
    const report = h.run(rows);
    expect(h.clock.now - started).toBeLessThan(25_000);
    expect(report.output[0]?.[0]).toMatch(/^#ERROR UNAVAILABLE/);
  });

  it('does not start a round the latency seen says cannot finish: finished rows keep their values', () => {
    // 2 rows per batch, 1 request in flight, 9 s per round trip: two rounds fit in 25 s, the third not.
    const h = harness(
      (req) => predictAnswer(req),
      { SHEETBRIDGE_BATCH_ROWS: '2', SHEETBRIDGE_PARALLEL: '1' },
      9_000,
    );
    const started = h.clock.now;
    const report = h.run([[1], [2], [3], [4], [5], [6]]);
    expect(h.clock.now - started).toBeLessThanOrEqual(25_000);
    expect(report.output.slice(0, 4)).toEqual([[1], [2], [3], [4]]);
    expect(report.output[4]?.[0]).toMatch(/^#ERROR TIMEOUT: /);
    expect(h.http.rounds).toHaveLength(2);
  });
});

describe('413 splitting', () => {
  it('splits a batch the API finds too large and still answers every row', () => {
    const h = harness((req) => {
      const { rows: sent } = JSON.parse(req.body ?? '{}') as { rows: unknown[] };
      return sent.length > 3 ? errorAnswer(req, 413, 'TOO_MANY_ROWS') : predictAnswer(req);
    });
    const report = h.run(Array.from({ length: 10 }, (_, i) => [i]));
    expect(report.output.map((r) => r[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(report.splits).toBeGreaterThan(0);
  });

  it('goes straight to the maxRows a signed 413 names', () => {
    const h = harness((req) => {
      const { rows: sent } = JSON.parse(req.body ?? '{}') as { rows: unknown[] };
      if (sent.length <= 4) return predictAnswer(req);
      return answer(req, 413, { error: { code: 'TOO_MANY_ROWS', message: 'too many', maxRows: 4 } });
    });
    const report = h.run(Array.from({ length: 10 }, (_, i) => [i]));
    expect(report.failedRows).toBe(0);
    expect(h.http.requests.map((r) => JSON.parse(r.body ?? '').rows.length)).toEqual([10, 4, 4, 2]);
  });

  it('ignores maxRows in an unsigned 413 (a proxy or an attacker could send maxRows: 1) and halves', () => {
    const h = harness((req) => {
      const { rows: sent } = JSON.parse(req.body ?? '{}') as { rows: unknown[] };
      if (sent.length <= 5) return predictAnswer(req);
      const body = JSON.stringify({ error: { code: 'TOO_MANY_ROWS', message: 'too many', maxRows: 1 } });
      return { kind: 'response', status: 413, headers: {}, body };
    });
    h.run(Array.from({ length: 10 }, (_, i) => [i]));
    expect(h.http.requests.map((r) => JSON.parse(r.body ?? '').rows.length)).toEqual([10, 5, 5]);
  });

  it('a single row that is still too large becomes a TOO_LARGE cell', () => {
    const h = harness((req) => errorAnswer(req, 413, 'BODY_TOO_LARGE'));
    expect(h.run([[1]]).output[0]?.[0]).toMatch(/^#ERROR TOO_LARGE: /);
  });
});

describe('retry budget', () => {
  it('stops retrying when lasting rate limits have spent the shared budget, across calls', () => {
    // 429s are answers from the service (the circuit breaker does not count them): only the budget stops this.
    const h = harness((req) => errorAnswer(req, 429, 'RATE_LIMITED'), { SHEETBRIDGE_BATCH_ROWS: '1' });
    const input = Array.from({ length: 60 }, (_, i) => [i]);
    h.run(input); // 60 batches x 2 retries x 5 tokens = 600 > 500: the budget runs dry
    const second = h.run(input);
    expect(second.retries).toBeLessThan(10);
    expect(second.output[59]?.[0]).toMatch(/retries are paused/);
  });
});
