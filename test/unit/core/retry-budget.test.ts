// The retry policy's numbers are what keeps an outage from becoming a retry storm: each is pinned
// by what a caller sees (how long it waits, how many retries it gets), not by how it is stored.
import { Deadline } from '../../../src/core/deadline';
import {
  DEFAULT_BACKOFF,
  DEFAULT_RETRY_BUDGET,
  fullJitterDelayMs,
  parseRetryAfterMs,
  RetryBudget,
  type RetryBudgetOptions,
} from '../../../src/core/retry';
import { MemoryCache } from '../support/fakes';

/** How many retries a budget grants in a row, at a standing clock. */
function grants(budget: RetryBudget, limit = 1_000): number {
  let count = 0;
  while (count < limit && budget.tryAcquire()) count += 1;
  return count;
}

function budgetAt(options: RetryBudgetOptions) {
  const clock = { now: 50_000 };
  const cache = new MemoryCache({ nowMs: () => clock.now });
  const make = (key = 'sb1:retry-budget') => new RetryBudget(cache, key, () => clock.now, options);
  return { clock, cache, make };
}

describe('full-jitter backoff', () => {
  it('waits a random share of the exponential ceiling, capped', () => {
    const policy = { baseMs: 100, capMs: 1_000 };
    expect(fullJitterDelayMs(0, policy, () => 0.5)).toBe(50);
    expect(fullJitterDelayMs(1, policy, () => 0.5)).toBe(100);
    expect(fullJitterDelayMs(3, policy, () => 0.5)).toBe(400);
    expect(fullJitterDelayMs(4, policy, () => 0.5)).toBe(500);
    expect(fullJitterDelayMs(2, policy, () => 0.2501)).toBe(100);
  });

  it('starts at 300 ms and never waits 5 s or more by default', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 300, capMs: 5_000 });
    expect(fullJitterDelayMs(0, DEFAULT_BACKOFF, () => 0.999_999)).toBe(299);
    expect(fullJitterDelayMs(20, DEFAULT_BACKOFF, () => 0.999_999)).toBe(4_999);
  });
});

describe('Retry-After', () => {
  it.each([
    [' 3 ', 3_000],
    ['0', 0],
    ['120', 120_000],
  ])('reads %j seconds', (header, ms) => {
    expect(parseRetryAfterMs(header, 0)).toBe(ms);
  });

  it.each(['', 'soon', '-1 seconds', '3s', 'abc5'])('ignores the unreadable %j', (header) => {
    expect(parseRetryAfterMs(header, 0)).toBeNull();
  });
});

describe('the retry budget', () => {
  it('grants 100 retries by default (500 tokens, 5 a retry), then none', () => {
    expect(DEFAULT_RETRY_BUDGET).toEqual({ capacity: 500, retryCost: 5, refillPerSecond: 1 });
    const { make } = budgetAt(DEFAULT_RETRY_BUDGET);
    expect(grants(make())).toBe(100);
    expect(make().tryAcquire()).toBe(false);
  });

  it('is shared by everyone using the same key, and only by them', () => {
    const { make } = budgetAt({ capacity: 10, retryCost: 5, refillPerSecond: 0 });
    expect(grants(make('a'))).toBe(2);
    expect(make('a').tryAcquire()).toBe(false);
    expect(grants(make('b'))).toBe(2);
  });

  it('without a cache never stops a retry', () => {
    const budget = new RetryBudget(null, 'k', () => 0, { capacity: 10, retryCost: 5, refillPerSecond: 0 });
    expect(grants(budget, 50)).toBe(50);
  });

  it('gives a successful retry its cost back, but never beyond capacity', () => {
    const { make } = budgetAt({ capacity: 10, retryCost: 5, refillPerSecond: 0 });
    const budget = make();
    budget.refund();
    expect(grants(budget)).toBe(2);
    budget.refund();
    expect(grants(budget)).toBe(1);
  });

  it('refills with time, to capacity at most', () => {
    const { clock, make } = budgetAt({ capacity: 10, retryCost: 5, refillPerSecond: 2 });
    const budget = make();
    expect(grants(budget)).toBe(2);
    clock.now += 2_499; // 4.998 tokens
    expect(budget.tryAcquire()).toBe(false);
    clock.now += 1; // 5 tokens
    expect(budget.tryAcquire()).toBe(true);
    clock.now += 3_600_000;
    expect(grants(budget)).toBe(2);
  });

  it('a clock running backwards between executions takes no tokens away', () => {
    const { clock, make } = budgetAt({ capacity: 10, retryCost: 5, refillPerSecond: 1 });
    expect(make().tryAcquire()).toBe(true);
    clock.now -= 4_000;
    expect(make().tryAcquire()).toBe(true);
  });

  it('forgets a spent budget after 10 minutes without retries', () => {
    const { clock, make } = budgetAt({ capacity: 10, retryCost: 5, refillPerSecond: 0 });
    expect(grants(make())).toBe(2);
    clock.now += 599_999;
    expect(make().tryAcquire()).toBe(false);
    clock.now += 1;
    expect(grants(make())).toBe(2);
  });

  it.each(['garbage', 'x:1', '1:y', ''])('starts full when the shared entry is unreadable (%j)', (raw) => {
    const { cache, make } = budgetAt({ capacity: 10, retryCost: 5, refillPerSecond: 0 });
    cache.put('sb1:retry-budget', raw, 600);
    expect(grants(make())).toBe(2);
  });
});

describe('the deadline', () => {
  it('judges a round by the slowest one seen, plus a quarter', () => {
    const deadline = new Deadline(100_000, 1_000);
    expect(deadline.expectedRoundMs()).toBe(1_250);
    deadline.recordRound(2_000);
    expect(deadline.expectedRoundMs()).toBe(2_500);
    deadline.recordRound(500);
    expect(deadline.expectedRoundMs()).toBe(2_500);
    expect(new Deadline(0, 1_001).expectedRoundMs()).toBe(1_252);
  });

  it('starts a round only if it can end 1.5 s before the deadline', () => {
    const deadline = new Deadline(10_000, 1_000);
    expect(deadline.allowsRoundAt(7_250)).toBe(true);
    expect(deadline.allowsRoundAt(7_251)).toBe(false);
    const tight = new Deadline(10_000, 1_000, 0);
    expect(tight.allowsRoundAt(8_750)).toBe(true);
    expect(tight.allowsRoundAt(8_751)).toBe(false);
  });
});
