import { breakerFor, CircuitBreaker, DEFAULT_BREAKER } from '../../../src/core/circuit-breaker';
import { shortHash } from '../../../src/core/row-hash';
import { FakeClock, MemoryCache } from '../support/fakes';

const KEY = 'sb2:breaker:test';
const T0 = 1_700_000_000_000;
const { coolDownMs, probeMs } = DEFAULT_BREAKER;

/** Executions of one deployment: each its own breaker, all over one shared cache and clock. */
function deployment() {
  const clock = new FakeClock(T0);
  const cache = new MemoryCache(clock);
  const execution = () => new CircuitBreaker(cache, KEY, () => clock.nowMs());
  const state = () => JSON.parse(cache.store.get(KEY)?.value ?? 'null') as unknown;
  return { clock, cache, execution, state };
}

/** Failed rounds at these offsets from T0, each from a new execution. */
function failAt(d: ReturnType<typeof deployment>, offsets: number[]) {
  for (const offset of offsets) {
    d.clock.now = T0 + offset;
    d.execution().recordFailedRound();
  }
}

describe('circuit breaker state', () => {
  it('a closed breaker lets calls through and writes nothing', () => {
    const d = deployment();
    const breaker = d.execution();
    expect(breaker.pausedUntil()).toBeNull();
    expect(breaker.pausedUntilWithoutProbing()).toBeNull();
    breaker.recordAnsweredRound(true);
    expect(d.cache.puts).toBe(0);
  });

  it('counts failed rounds in the cache every execution shares, for 600 s', () => {
    const d = deployment();
    failAt(d, [0, 400]);
    expect(d.state()).toEqual({ failedAt: [T0, T0 + 400], openUntil: null, probeUntil: null });
    expect(d.cache.store.get(KEY)?.expiresAt).toBe(T0 + 400 + 600_000);
  });

  it('opens at the third failed round once the streak lasts a second, until the cool-down ends', () => {
    const d = deployment();
    failAt(d, [0, 500, 1_000]);
    expect(d.state()).toEqual({ failedAt: [], openUntil: T0 + 1_000 + coolDownMs, probeUntil: null });
    expect(d.execution().pausedUntil()).toBe(T0 + 1_000 + coolDownMs);
    d.clock.now = T0 + 1_000 + coolDownMs - 1;
    expect(d.execution().pausedUntil()).toBe(T0 + 1_000 + coolDownMs);
    expect(d.execution().pausedUntilWithoutProbing()).toBe(T0 + 1_000 + coolDownMs);
  });

  it('does not open on a streak a millisecond short of a second, nor on two rounds however long', () => {
    const d = deployment();
    failAt(d, [0, 500, 999]);
    expect(d.execution().pausedUntil()).toBeNull();
    const e = deployment();
    failAt(e, [0, 20_000]);
    expect(e.execution().pausedUntil()).toBeNull();
  });

  it('forgets failed rounds older than the window', () => {
    const d = deployment();
    failAt(d, [0, 29_000, 30_000]); // the first is 30 s old at the third: out of the window
    expect(d.state()).toEqual({ failedAt: [T0 + 29_000, T0 + 30_000], openUntil: null, probeUntil: null });
    failAt(d, [30_500]);
    expect(d.execution().pausedUntil()).toBe(T0 + 30_500 + coolDownMs);
  });

  it('after the cool-down one execution claims the probe; the others wait until its outcome or its time is up', () => {
    const d = deployment();
    failAt(d, [0, 500, 1_000]);
    const end = T0 + 1_000 + coolDownMs;
    d.clock.now = end;
    expect(d.execution().pausedUntilWithoutProbing()).toBeNull(); // looking claims nothing
    const prober = d.execution();
    expect(prober.pausedUntil()).toBeNull();
    expect(d.state()).toEqual({ failedAt: [], openUntil: end, probeUntil: end + probeMs });
    expect(prober.pausedUntil()).toBeNull(); // the prober may go on calling
    expect(d.execution().pausedUntil()).toBe(end + probeMs);
    expect(d.execution().pausedUntilWithoutProbing()).toBe(end + probeMs);
    d.clock.now = end + probeMs; // the probe never reported: another execution probes
    const next = d.execution();
    expect(next.pausedUntil()).toBeNull();
    expect(d.state()).toEqual({ failedAt: [], openUntil: end, probeUntil: end + 2 * probeMs });
  });

  it('a failed probe opens the breaker again at once; an answered one closes it', () => {
    const d = deployment();
    failAt(d, [0, 500, 1_000]);
    d.clock.now = T0 + 1_000 + coolDownMs;
    const prober = d.execution();
    prober.pausedUntil();
    prober.recordFailedRound();
    const reopened = d.clock.now + coolDownMs;
    expect(d.state()).toEqual({ failedAt: [], openUntil: reopened, probeUntil: null });
    expect(prober.pausedUntil()).toBe(reopened); // no longer the prober
    d.clock.now = reopened;
    const second = d.execution();
    second.pausedUntil();
    second.recordAnsweredRound(false); // the probe's outcome decides, even with one answer among failures
    expect(d.state()).toEqual({ failedAt: [], openUntil: null, probeUntil: null });
    expect(d.execution().pausedUntil()).toBeNull();
    second.recordFailedRound(); // one failure after the probe is a new streak, not a failed probe
    expect(d.execution().pausedUntil()).toBeNull();
  });

  it('an answered round resets a counting streak', () => {
    const d = deployment();
    failAt(d, [0, 500]);
    d.execution().recordAnsweredRound(false);
    expect(d.state()).toEqual({ failedAt: [], openUntil: null, probeUntil: null });
    failAt(d, [1_000]);
    expect(d.execution().pausedUntil()).toBeNull();
  });

  it('sees what other executions wrote since it last looked', () => {
    const d = deployment();
    const [a, b, c] = [d.execution(), d.execution(), d.execution()];
    expect(a.pausedUntil()).toBeNull();
    expect(b.pausedUntilWithoutProbing()).toBeNull();
    expect(c.pausedUntil()).toBeNull();
    failAt(d, [0, 500]);
    c.recordFailedRound(); // the third failed round, on top of the others' two
    expect(d.state()).toEqual({ failedAt: [T0, T0 + 500, T0 + 500], openUntil: null, probeUntil: null });
    failAt(d, [1_000]);
    expect(a.pausedUntil()).toBe(T0 + 1_000 + coolDownMs);
    expect(b.pausedUntilWithoutProbing()).toBe(T0 + 1_000 + coolDownMs);
  });

  it.each([
    ['not JSON', '{'],
    ['null', 'null'],
    ['odd fields', '{"failedAt":"x","openUntil":"9e15","probeUntil":[1]}'],
    ['infinite times', '{"failedAt":[],"openUntil":1e999,"probeUntil":null}'],
  ])('a damaged state (%s) is a closed breaker', (_name, raw) => {
    const d = deployment();
    d.cache.put(KEY, raw, 600);
    expect(d.execution().pausedUntil()).toBeNull();
    expect(d.execution().pausedUntilWithoutProbing()).toBeNull();
    d.execution().recordAnsweredRound(true); // closed: nothing to write
    expect(d.cache.puts).toBe(1);
  });

  it('a state whose failure times are damaged keeps its pause', () => {
    const d = deployment();
    d.cache.put(KEY, JSON.stringify({ failedAt: 'x', openUntil: T0 + 5_000, probeUntil: null }), 600);
    expect(d.execution().pausedUntil()).toBe(T0 + 5_000);
  });

  it('keeps the sound failure times of a damaged state', () => {
    const d = deployment();
    d.cache.put(KEY, JSON.stringify({ failedAt: [T0, 'x', null, T0 + 500] }), 600);
    failAt(d, [1_000]);
    expect(d.execution().pausedUntil()).toBe(T0 + 1_000 + coolDownMs);
  });

  it('does not count failure times written as text: a damaged state cannot open the breaker early', () => {
    const d = deployment();
    d.cache.put(KEY, JSON.stringify({ failedAt: [String(T0), String(T0 + 500)] }), 600);
    failAt(d, [1_000]);
    expect(d.execution().pausedUntil()).toBeNull();
    expect(d.state()).toEqual({ failedAt: [T0 + 1_000], openUntil: null, probeUntil: null });
  });

  describe('a round that was out while other executions opened the breaker', () => {
    /** An execution whose round started before three failed rounds elsewhere opened the breaker. */
    function roundOutWhileOpened() {
      const d = deployment();
      const early = d.execution();
      expect(early.pausedUntil()).toBeNull(); // its requests are on the way
      failAt(d, [0, 500, 1_000]);
      d.clock.now = T0 + 2_000;
      return { d, early };
    }

    it('closes it when every request was answered: its last answer is newer than the failures', () => {
      const { d, early } = roundOutWhileOpened();
      early.recordAnsweredRound(true);
      expect(d.state()).toEqual({ failedAt: [], openUntil: null, probeUntil: null });
      expect(d.execution().pausedUntil()).toBeNull();
    });

    it('leaves it open when only some were answered: those answers may be older than the failures', () => {
      const { d, early } = roundOutWhileOpened();
      early.recordAnsweredRound(false);
      expect(d.state()).toEqual({ failedAt: [], openUntil: T0 + 1_000 + coolDownMs, probeUntil: null });
      expect(d.execution().pausedUntil()).toBe(T0 + 1_000 + coolDownMs);
    });
  });

  it('a probe mark on a closed breaker pauses nothing', () => {
    const d = deployment();
    d.cache.put(KEY, JSON.stringify({ failedAt: [], openUntil: null, probeUntil: T0 + 5_000 }), 600);
    expect(d.execution().pausedUntilWithoutProbing()).toBeNull();
    expect(d.execution().pausedUntil()).toBeNull();
    d.execution().recordAnsweredRound(true); // the stray mark is cleared
    expect(d.state()).toEqual({ failedAt: [], openUntil: null, probeUntil: null });
  });

  it('without a cache it never pauses', () => {
    const clock = new FakeClock(T0);
    const breaker = new CircuitBreaker(null, KEY, () => clock.nowMs());
    for (let i = 0; i < 5; i++) {
      breaker.recordFailedRound();
      clock.now += 1_000;
    }
    expect(breaker.pausedUntil()).toBeNull();
  });

  it('one breaker per API, named by a hash of its base URL', () => {
    const d = deployment();
    const breaker = breakerFor(d.cache, 'http://api', () => d.clock.nowMs());
    breaker.recordFailedRound();
    expect([...d.cache.store.keys()]).toEqual([`sb2:breaker:${shortHash('http://api')}`]);
  });
});
