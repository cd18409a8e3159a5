// Retries, waits and 413 splits as the user sees them: the cells' texts, how long the call took on
// the fake clock, and the requests the API received.
import type { HttpOutcome } from '../../../src/core/ports';
import { batchesOf, engineHarness, sentRows } from '../support/engine-harness';
import { answer, errorAnswer, predictAnswer } from '../support/fake-api';

const failed = (code: string, message: string) => ({
  result: { ok: false, error: { code, message } },
  cacheable: false,
  modelVersion: null,
});
const unavailable = (req: Parameters<typeof errorAnswer>[0], retryAfter?: string) =>
  errorAnswer(req, 503, 'X', retryAfter === undefined ? {} : { 'retry-after': retryAfter });
const HTTP_503 = 'HTTP 503 from the API: X from the fake API';

describe('engine retries', () => {
  it('waits the full-jitter backoff between attempts, then gives up naming the attempts', () => {
    const h = engineHarness((req) => unavailable(req));
    const results = h.engine.run(batchesOf(2));
    expect(h.clock.sleeps).toEqual([150, 300]);
    expect(h.elapsed()).toBe(750);
    expect(results.get(1)).toEqual(failed('UNAVAILABLE', `${HTTP_503} (after 3 attempts)`));
    expect(h.engine.stats).toMatchObject({ requests: 3, roundTrips: 3, retries: 2, rowsSent: 6 });
  });

  it('makes one attempt only when maxAttempts is 1', () => {
    const h = engineHarness((req) => unavailable(req), { options: { maxAttempts: 1 } });
    expect(h.engine.run(batchesOf(1)).get(0)).toEqual(
      failed('UNAVAILABLE', `${HTTP_503} (after 1 attempts)`),
    );
    expect(h.clock.sleeps).toEqual([]);
  });

  it('waits Retry-After when it is longer than the backoff, and the backoff when it is shorter', () => {
    const h = engineHarness((req, attempt) => {
      if (attempt === 1) return unavailable(req, '2');
      if (attempt === 2) return unavailable(req, '0');
      return predictAnswer(req);
    });
    expect(h.engine.run(batchesOf(1)).get(0)?.result).toEqual({ ok: true, value: 0 });
    expect(h.clock.sleeps).toEqual([2_000, 300]);
  });

  it('sleeps until the first waiting batch is due', () => {
    const h = engineHarness((req, attempt) => {
      const row = sentRows(req.body)[0]?.[0];
      if (attempt === 1) return unavailable(req, row === 0 ? '3' : '1');
      return predictAnswer(req);
    });
    h.engine.run(batchesOf(1, 1));
    expect(h.clock.sleeps).toEqual([1_000, 1_900]);
    expect(h.roundSizes()).toEqual([[1, 1], [1], [1]]);
  });

  it('sends the batch that has waited longest first when several are due', () => {
    // One request a round: row 0 waits 2 s, row 1 waits 1 s, and row 2's slow answer makes both due.
    const h = engineHarness(
      (req, attempt) => {
        const row = sentRows(req.body)[0]?.[0];
        h.http.latencyMs = row === 1 && attempt === 1 ? 5_000 : 100;
        if (attempt === 1 && row !== 2) return unavailable(req, row === 0 ? '2' : '1');
        return predictAnswer(req);
      },
      { options: { parallel: 1 } },
    );
    h.engine.run(batchesOf(1, 1, 1));
    expect(h.http.requests.map((r) => sentRows(r.body)[0]?.[0])).toEqual([0, 1, 2, 1, 0]);
  });

  it('gives a successful retry its cost back to the shared budget, and a first-attempt success nothing', () => {
    // 15 tokens, 5 a retry: row 0 fails twice (one retry), row 1 answers at once, row 2 recovers.
    const h = engineHarness(
      (req, attempt) => {
        const row = sentRows(req.body)[0]?.[0];
        if (row === 0 || (row === 2 && attempt === 1)) return unavailable(req);
        return predictAnswer(req);
      },
      {
        options: { maxAttempts: 2, parallel: 1 },
        retryBudget: { capacity: 15, retryCost: 5, refillPerSecond: 0 },
      },
    );
    h.engine.run(batchesOf(1, 1, 1));
    expect(h.engine.stats.retries).toBe(2);
    // 15 - 5 - 5 + 5 = 10 tokens left: two more retries.
    expect([h.budget.tryAcquire(), h.budget.tryAcquire(), h.budget.tryAcquire()]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('gives the budget back what a retry cost once it succeeds', () => {
    const h = engineHarness((req, attempt) => (attempt === 1 ? unavailable(req) : predictAnswer(req)), {
      retryBudget: { capacity: 10, retryCost: 5, refillPerSecond: 0 },
    });
    h.engine.run(batchesOf(1));
    expect([h.budget.tryAcquire(), h.budget.tryAcquire(), h.budget.tryAcquire()]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('stops retrying when the shared budget is spent', () => {
    const h = engineHarness((req) => unavailable(req), {
      retryBudget: { capacity: 4, retryCost: 5, refillPerSecond: 0 },
    });
    expect(h.engine.run(batchesOf(1)).get(0)).toEqual(
      failed('UNAVAILABLE', `${HTTP_503}; retries are paused because the API keeps failing`),
    );
    expect(h.engine.stats.retries).toBe(0);
  });
});

describe('engine and the deadline', () => {
  it('sends nothing when not even one round fits, and says to recalculate', () => {
    const h = engineHarness((req) => predictAnswer(req), { budgetMs: 5_249 });
    expect(h.engine.run(batchesOf(1)).get(0)).toEqual(
      failed('TIMEOUT', 'not sent: the time limit of this call was reached, recalculate to finish'),
    );
    expect(h.http.requests).toEqual([]);
  });

  it('fails at once when the backoff would end too late', () => {
    // A round is judged to take 3.75 s, plus 1.5 s kept free: the retry at 250 ms would end at 5.5 s.
    const h = engineHarness((req) => unavailable(req), { budgetMs: 5_300 });
    expect(h.engine.run(batchesOf(1)).get(0)).toEqual(
      failed('UNAVAILABLE', `${HTTP_503}; no time left to retry`),
    );
    expect(h.clock.sleeps).toEqual([]);
  });

  it('names the wait the API asked for, rounded up to a second, when it is too long', () => {
    const h = engineHarness(
      (req) => unavailable(req, new Date(1_700_000_060_000).toUTCString()), // 59.4 s after the answer
      { latencyMs: 600 },
    );
    expect(h.engine.run(batchesOf(1)).get(0)).toEqual(
      failed('UNAVAILABLE', `${HTTP_503}; the API asked to wait 60 s, no time left to retry`),
    );
  });

  it('does not sleep towards a retry that a slower round since has put out of reach', () => {
    // Row 0 may wait 60 s of the 100 s; row 1's retry then takes 40 s, so a round needs 50 s.
    const h = engineHarness(
      (req, attempt) => {
        const row = sentRows(req.body)[0]?.[0];
        if (row === 1) h.http.latencyMs = attempt === 1 ? 40_000 : 100; // the next round's latency
        if (attempt === 1) return unavailable(req, row === 0 ? '60' : undefined);
        return predictAnswer(req);
      },
      { budgetMs: 100_000 },
    );
    const results = h.engine.run(batchesOf(1, 1));
    expect(results.get(0)).toEqual(failed('UNAVAILABLE', `${HTTP_503}; no time left to retry`));
    expect(results.get(1)?.result).toEqual({ ok: true, value: 1 });
    expect(h.clock.sleeps).toEqual([150]);
    expect(h.elapsed()).toBe(40_250);
  });

  it('stops before a round that cannot finish, failing what waits with its last error', () => {
    const h = engineHarness(
      (req, attempt) => {
        const row = sentRows(req.body)[0]?.[0];
        if (row !== 0 || attempt > 1) return predictAnswer(req);
        h.http.latencyMs = 20_000; // row 1's round, next, takes 20 s
        return unavailable(req);
      },
      { options: { parallel: 1 } },
    );
    const results = h.engine.run(batchesOf(1, 1));
    expect(results.get(0)).toEqual(failed('UNAVAILABLE', `${HTTP_503}; no time left to retry`));
    expect(h.http.requests).toHaveLength(2);
  });
});

describe('engine 413 splits', () => {
  const tooLarge =
    (limit: number, payload: (rows: number) => unknown) => (req: Parameters<typeof answer>[0]) => {
      const rows = sentRows(req.body).length;
      return rows > limit ? answer(req, 413, payload(rows)) : predictAnswer(req);
    };

  it('halves a batch until it fits', () => {
    const h = engineHarness(tooLarge(2, () => ({ error: { code: 'TOO_LARGE', message: 'too big' } })));
    const results = h.engine.run(batchesOf(6));
    expect(h.roundSizes()).toEqual([[6], [3, 3], [2, 1, 2, 1]]);
    expect(h.engine.stats.splits).toBe(3);
    expect([...results.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('goes straight to the maxRows the API names, with no empty part', () => {
    const h = engineHarness(tooLarge(4, () => ({ error: { code: 'TOO_LARGE', maxRows: 4 } })));
    h.engine.run(batchesOf(8));
    expect(h.roundSizes()).toEqual([[8], [4, 4]]);
  });

  it('halves when the maxRows named is no smaller than the batch', () => {
    const h = engineHarness(tooLarge(3, (rows) => ({ error: { code: 'TOO_LARGE', maxRows: rows } })));
    h.engine.run(batchesOf(6));
    expect(h.roundSizes()).toEqual([[6], [3, 3]]);
  });

  it('fails a single row that is still too large, with the reason the API gave', () => {
    const h = engineHarness(tooLarge(0, () => ({ error: { code: 'TOO_LARGE', message: 'over 1 MB' } })));
    expect(h.engine.run(batchesOf(1)).get(0)).toEqual(
      failed('TOO_LARGE', 'HTTP 413 from the API for a single row: over 1 MB'),
    );
    expect(h.engine.stats.splits).toBe(0);
  });

  it('says what a 413 with no reason means', () => {
    const h = engineHarness(() => ({ kind: 'response', status: 413, headers: {}, body: '' }) as HttpOutcome, {
      options: { endpoint: { baseUrl: 'http://203.0.113.10', keyId: 'k1', secret: null } },
    });
    expect(h.engine.run(batchesOf(1)).get(0)).toEqual(
      failed('TOO_LARGE', 'HTTP 413 from the API for a single row: the row is larger than the API accepts'),
    );
  });

  it('splits at most 64 times in a call, however many 413s come', () => {
    const h = engineHarness(
      tooLarge(0, () => ({ error: { code: 'TOO_LARGE' } })),
      {},
    );
    const results = h.engine.run(batchesOf(100));
    expect(h.engine.stats.splits).toBe(64);
    expect(h.http.requests).toHaveLength(129);
    expect(results.size).toBe(100);
    // Batches refused once the 64 splits are spent name the batch and its size, not "a single row";
    // like every TOO_LARGE, they are not cached, so a recalculation sends those rows again.
    const distinct = [...new Map([...results.values()].map((r) => [JSON.stringify(r), r])).values()];
    expect(distinct).toHaveLength(2);
    expect(distinct).toEqual(
      expect.arrayContaining([
        failed('TOO_LARGE', 'HTTP 413 from the API for a single row: the row is larger than the API accepts'),
        failed(
          'TOO_LARGE',
          'HTTP 413 from the API for a batch of 2 rows, after 64 splits in this call: the batch is larger than the API accepts; recalculate to finish, or lower SHEETBRIDGE_BATCH_ROWS',
        ),
      ]),
    );
  });
});
