import { breakerFor, DEFAULT_BREAKER } from '../../../src/core/circuit-breaker';
import { errorAnswer, predictAnswer } from '../support/fake-api';
import { BASE_URL, harness } from '../support/predict-harness';

/** One call is one round here (one attempt, one batch): each down call is one failed round. */
function api(state: { status: number }) {
  return harness((req) => (state.status === 200 ? predictAnswer(req) : errorAnswer(req, state.status, 'X')), {
    SHEETBRIDGE_MAX_ATTEMPTS: '1',
  });
}

describe('circuit breaker shared by all executions', () => {
  /** A down API seen by one call every 400 ms: the streak passes 1 s at the 4th failed round. */
  const failFor = (h: ReturnType<typeof api>, calls: number) => {
    for (let i = 0; i < calls; i++) {
      h.run([[i]]);
      h.clock.now += 300;
    }
  };

  it('opens once failed rounds have gone on for a second: the next calls answer at once, sending nothing', () => {
    const state = { status: 503 };
    const h = api(state);
    failFor(h, 4);
    expect(h.http.requests).toHaveLength(4);
    const paused = h.run([[9]]);
    expect(h.http.requests).toHaveLength(4);
    expect(paused.output[0]?.[0]).toMatch(
      /^#ERROR UNAVAILABLE: the API is failing; SheetBridge paused calls until \d\d:\d\d:\d\d/,
    );
  });

  it('a blip of quick failures shorter than a second does not open it', () => {
    const state = { status: 503 };
    const h = api(state);
    for (let i = 0; i < 6; i++) h.run([[i]]); // 100 ms apart
    state.status = 200;
    expect(h.run([[7]]).output).toEqual([[7]]);
  });

  it('an answered round ends the streak', () => {
    const state = { status: 503 };
    const h = api(state);
    failFor(h, 3);
    state.status = 200;
    h.run([[50]]);
    state.status = 503;
    failFor(h, 3);
    expect(h.http.requests).toHaveLength(7);
    expect(h.run([[60]]).requests).toBe(1);
  });

  it('failures spread over more than the window do not open it', () => {
    const h = api({ status: 503 });
    for (let i = 0; i < 8; i++) {
      h.run([[i]]);
      h.clock.now += 31_000;
    }
    expect(h.http.requests).toHaveLength(8);
  });

  it('rounds the service itself answers (400, 429) never count as failures', () => {
    const state = { status: 429 };
    const h = api(state);
    for (let i = 0; i < 6; i++) h.run([[i]]);
    state.status = 400;
    for (let i = 0; i < 6; i++) h.run([[i + 10]]);
    expect(h.http.requests).toHaveLength(12);
  });

  it('after the cool-down one probe decides: a failure opens it again, a success closes it', () => {
    const state = { status: 503 };
    const h = api(state);
    failFor(h, 4);
    h.clock.now += DEFAULT_BREAKER.coolDownMs + 1;
    h.run([[20]]); // the probe fails
    expect(h.http.requests).toHaveLength(5);
    h.run([[21]]);
    expect(h.http.requests).toHaveLength(5); // open again
    h.clock.now += DEFAULT_BREAKER.coolDownMs + 1;
    state.status = 200;
    expect(h.run([[22]]).output).toEqual([[22]]); // the probe succeeds
    expect(h.run([[23]]).output).toEqual([[23]]);
    expect(h.http.requests).toHaveLength(7);
  });

  it('while one execution probes, the others stay paused until its outcome', () => {
    const state = { status: 503 };
    const h = api(state);
    failFor(h, 4);
    h.clock.now += DEFAULT_BREAKER.coolDownMs + 1;
    // Another execution claimed the probe a moment ago and has not finished.
    const key = [...h.sharedCache.store.keys()].find((k) => k.startsWith('sb2:breaker:')) as string;
    const entry = h.sharedCache.store.get(key) as { value: string };
    entry.value = JSON.stringify({ ...JSON.parse(entry.value), probeUntil: h.clock.now + 10_000 });
    expect(h.run([[30]]).output[0]?.[0]).toMatch(/paused calls/);
    expect(h.http.requests).toHaveLength(4);
  });

  it('a lost breaker state costs a few failed rounds, never a pause of an API that answers', () => {
    const state = { status: 503 };
    const h = api(state);
    failFor(h, 4);
    h.sharedCache.store.clear(); // evicted
    state.status = 200;
    expect(h.run([[40]]).output).toEqual([[40]]);
  });

  it.each([
    ['closes it when every request of the round was answered', 200, 3],
    ['leaves it open when one request of the round failed', 503, expect.stringMatching(/paused calls/)],
  ])('a round out while others opened the breaker %s', (_what, secondStatus, nextCell) => {
    // Two batches in one round: row 1 is answered; meanwhile other executions' failed rounds open the
    // breaker; row 2 is answered with `secondStatus`.
    const h = harness(
      (req) => {
        const row = (JSON.parse(req.body ?? '{}').rows as number[][])[0]?.[0];
        if (row === 2) return secondStatus === 200 ? predictAnswer(req) : errorAnswer(req, secondStatus, 'X');
        const elsewhere = breakerFor(h.sharedCache, BASE_URL, () => h.clock.nowMs());
        for (let i = 0; i < DEFAULT_BREAKER.failures; i++) {
          elsewhere.recordFailedRound();
          h.clock.now += DEFAULT_BREAKER.streakMs / 2;
        }
        return predictAnswer(req);
      },
      { SHEETBRIDGE_MAX_ATTEMPTS: '1', SHEETBRIDGE_BATCH_ROWS: '1' },
    );
    expect(h.run([[1], [2]]).output[0]).toEqual([1]);
    expect(h.run([[3]]).output[0]?.[0]).toEqual(nextCell);
  });

  it('an open breaker also holds back the model list request', () => {
    const state = { status: 200 };
    const h = api(state);
    const list = jest.fn(() => [{ name: 'default', version: '1.0.0', columns: [], outputs: ['score'] }]);
    h.runWith({ fetchModels: list, hasHeader: true }, [['a'], [1]]); // the list is fetched once
    expect(list).toHaveBeenCalledTimes(1);
    h.clock.now += 6 * 60_000; // now stale: a call with cached rows would ask for it again
    state.status = 503;
    failFor(h, 4); // the breaker opens
    const before = h.http.requests.length;
    h.runWith({ fetchModels: list, hasHeader: true }, [['a'], [1]]);
    expect(list).toHaveBeenCalledTimes(1);
    expect(h.http.requests.length).toBe(before);
  });
});
