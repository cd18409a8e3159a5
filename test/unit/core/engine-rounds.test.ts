// The engine's rounds as the API and the caller see them: which requests go out together, with which
// keys and timestamps, what each row ends up with, and what the shared circuit breaker is told.
import { createHash } from 'node:crypto';
import type { EngineDeps } from '../../../src/core/engine';
import { batchesOf, ENGINE_URL, engineHarness, sentRows } from '../support/engine-harness';
import { answer, errorAnswer, predictAnswer } from '../support/fake-api';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const value = (v: number, modelVersion: string | null = '1.0.0') => ({
  result: { ok: true, value: v },
  cacheable: true,
  modelVersion,
});

describe('engine rounds', () => {
  it('sends at most `parallel` requests a round and counts what it sent', () => {
    const h = engineHarness((req) => predictAnswer(req), { options: { parallel: 2 } });
    const results = h.engine.run(batchesOf(3, 2, 1));
    expect(h.roundSizes()).toEqual([[3, 2], [1]]);
    expect(h.engine.stats).toEqual({
      requests: 3,
      roundTrips: 2,
      retries: 0,
      splits: 0,
      rowsSent: 6,
      modelVersion: '1.0.0',
    });
    expect([...results.entries()]).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, value(i)]));
    expect(h.elapsed()).toBe(200);
  });

  it('posts the contract body, signed at the start of its round, with a key made of the call salt and body', () => {
    const h = engineHarness((req) => predictAnswer(req));
    h.clock.now += 999; // 1_700_000_000_999: the timestamp is whole seconds, rounded down
    h.engine.run(batchesOf(2));
    const [request] = h.http.requests;
    const body = '{"model":"default","rows":[[0],[1]]}';
    expect(request?.url).toBe(`${ENGINE_URL}/v1/predict`);
    expect(request?.method).toBe('post');
    expect(request?.body).toBe(body);
    expect(request?.headers['Idempotency-Key']).toBe(sha256(`uuid-1\n${body}`));
    expect(request?.headers['X-SB-Timestamp']).toBe('1700000000');
    expect(request?.headers['X-SB-Nonce']).toBe('uuid-2');
  });

  it('keeps one salt for the whole call: the same rows sent again get the same key', () => {
    const h = engineHarness((req) => predictAnswer(req));
    h.engine.run(batchesOf(1));
    h.engine.run(batchesOf(1, 1));
    const keys = h.http.requests.map((r) => r.headers['Idempotency-Key']);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(sha256(`uuid-1\n{"model":"default","rows":[[1]]}`));
  });

  it('asks for no UUID and sends nothing when there is nothing to send', () => {
    const h = engineHarness((req) => predictAnswer(req));
    expect(h.engine.run([]).size).toBe(0);
    expect(h.uuids).toEqual([]);
    expect(h.http.rounds).toEqual([]);
  });

  it('returns only the rows of this run, and keeps counting across runs', () => {
    const h = engineHarness((req) => predictAnswer(req));
    h.engine.run(batchesOf(2));
    const second = h.engine.run([{ rowIndexes: [7], rows: [[5]] }]);
    expect([...second.entries()]).toEqual([[7, value(5)]]);
    expect(h.engine.stats).toMatchObject({ requests: 2, roundTrips: 2, rowsSent: 3 });
  });

  it('keeps the last model version named when a later answer names none', () => {
    const h = engineHarness((req) =>
      sentRows(req.body)[0]?.[0] === 0
        ? predictAnswer(req, { modelVersion: '1.2.0' })
        : answer(req, 200, { results: [{ value: 9 }] }),
    );
    const results = h.engine.run(batchesOf(1, 1));
    expect(h.engine.stats.modelVersion).toBe('1.2.0');
    expect(results.get(0)).toEqual(value(2_000, '1.2.0'));
    expect(results.get(1)).toEqual(value(9, null));
  });

  it('gives the rows of an answer that breaks the contract a BAD_RESPONSE error, not cached', () => {
    const h = engineHarness((req) => answer(req, 200, { results: [{ value: 1 }] }));
    expect(h.engine.run(batchesOf(2)).get(1)).toEqual({
      result: {
        ok: false,
        error: {
          code: 'BAD_RESPONSE',
          message: "the API's answer broke the contract: the answer has 1 results for 2 rows",
        },
      },
      cacheable: false,
      modelVersion: null,
    });
  });

  it('gives the rows of a refused batch its error, not cached, without retrying', () => {
    const h = engineHarness((req) => errorAnswer(req, 400, 'BAD_ROWS'));
    expect(h.engine.run(batchesOf(2)).get(1)).toEqual({
      result: {
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'HTTP 400 from the API: BAD_ROWS from the fake API' },
      },
      cacheable: false,
      modelVersion: null,
    });
    expect(h.http.requests).toHaveLength(1);
  });

  it('lets an error that is not about the answer through', () => {
    const budget = {
      tryAcquire: () => true,
      refund: () => {
        throw new Error('cache down');
      },
    } as unknown as EngineDeps['budget'];
    const h = engineHarness(
      (req, attempt) => (attempt === 1 ? errorAnswer(req, 503, 'X') : predictAnswer(req)),
      {
        budget,
      },
    );
    expect(() => h.engine.run(batchesOf(1))).toThrow(new Error('cache down'));
  });

  it('throws the whole-call error of an answer such as 401', () => {
    const h = engineHarness((req) => errorAnswer(req, 401, 'AUTH_UNKNOWN_KEY'));
    expect(() => h.engine.run(batchesOf(1, 1))).toThrow(expect.objectContaining({ code: 'AUTH' }));
  });

  it('refuses an Http port that answers fewer requests than it was given', () => {
    const h = engineHarness((req) => predictAnswer(req));
    h.http.fetchAll = () => [];
    expect(() => h.engine.run(batchesOf(1))).toThrow(
      new Error('fetchAll returned fewer answers than requests'),
    );
  });
});

describe('engine and the circuit breaker', () => {
  it('tells the breaker of a round in which nothing answered: the next call sends nothing', () => {
    const h = engineHarness((req) => errorAnswer(req, 503, 'X'), {
      breaker: true,
      options: { maxAttempts: 1 },
    });
    h.engine.run(batchesOf(1));
    expect(h.breaker?.pausedUntil()).toBe(h.clock.now + 30_000);
  });

  it.each([
    ['an answer among failures', [200, 503]],
    ['a 500 (the service answering with a fault of its own)', [500, 500]],
  ])('counts a round with %s as answered', (_name, statuses) => {
    const h = engineHarness(
      (req) => {
        const status = statuses[sentRows(req.body)[0]?.[0] as number] as number;
        return status === 200 ? predictAnswer(req) : errorAnswer(req, status, 'X');
      },
      { breaker: true, options: { maxAttempts: 1 } },
    );
    h.engine.run(batchesOf(1, 1));
    expect(h.breaker?.pausedUntil()).toBeNull();
  });

  it('fails every row left with the pause, in UTC by default, once the breaker opens', () => {
    const h = engineHarness((req) => errorAnswer(req, 503, 'X'), { breaker: true, options: { parallel: 1 } });
    const results = h.engine.run(batchesOf(1, 2));
    const paused = {
      result: {
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message: 'the API is failing; SheetBridge paused calls until 22:13:50 UTC',
        },
      },
      cacheable: false,
      modelVersion: null,
    };
    expect(results).toEqual(
      new Map([
        [0, paused],
        [1, paused],
        [2, paused],
      ]),
    );
    expect(h.http.requests).toHaveLength(1);
    expect(h.engine.stats.retries).toBe(1);
  });

  it('describes the pause in the words it is given', () => {
    const h = engineHarness((req) => errorAnswer(req, 503, 'X'), {
      breaker: true,
      describePause: (until) => `paused until ${until}`,
    });
    const results = h.engine.run(batchesOf(1));
    expect(results.get(0)?.result).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: `paused until ${1_700_000_000_000 + 100 + 30_000}` },
    });
  });
});
