import type { Batch } from '../../../src/core/batching';
import { CircuitBreaker } from '../../../src/core/circuit-breaker';
import { Deadline } from '../../../src/core/deadline';
import { type EngineDeps, type EngineOptions, PredictEngine } from '../../../src/core/engine';
import type { Crypto } from '../../../src/core/ports';
import { RetryBudget, type RetryBudgetOptions } from '../../../src/core/retry';
import { TEST_SECRET } from './fake-api';
import { FakeClock, MemoryCache, type Responder, ScriptedHttp } from './fakes';
import { nodeCrypto } from './node-crypto';

export const ENGINE_URL = 'http://203.0.113.10';

export interface EngineSetup {
  options?: Partial<EngineOptions>;
  /** Time left for the call, from the start (ms). */
  budgetMs?: number;
  /** Before any round has been seen (ms). */
  initialRoundMs?: number;
  latencyMs?: number;
  retryBudget?: RetryBudgetOptions;
  /** Replaces the retry budget (over a memory cache) entirely. */
  budget?: EngineDeps['budget'];
  /** A breaker that opens after one failed round. */
  breaker?: boolean;
  describePause?: EngineDeps['describePause'];
}

/**
 * PredictEngine over the unit fakes: virtual clock, scripted HTTP, node:crypto with numbered UUIDs,
 * random() = 0.5 (so the first backoff is 150 ms, the second 300 ms).
 */
export function engineHarness(respond: Responder, setup: EngineSetup = {}) {
  const clock = new FakeClock();
  const uuids: string[] = [];
  const crypto: Crypto = {
    ...nodeCrypto,
    uuid: () => {
      uuids.push(`uuid-${uuids.length + 1}`);
      return uuids[uuids.length - 1] as string;
    },
  };
  const startedAt = clock.now;
  const http = new ScriptedHttp(respond, clock, setup.latencyMs ?? 100);
  const shared = new MemoryCache(clock);
  const budget = setup.budget ?? new RetryBudget(shared, 'budget', () => clock.now, setup.retryBudget);
  const breaker = setup.breaker
    ? new CircuitBreaker(shared, 'breaker', () => clock.now, {
        failures: 1,
        streakMs: 0,
        windowMs: 60_000,
        coolDownMs: 30_000,
        probeMs: 15_000,
      })
    : undefined;
  const engine = new PredictEngine(
    {
      endpoint: { baseUrl: ENGINE_URL, keyId: 'k1', secret: TEST_SECRET },
      model: 'default',
      columns: null,
      maxAttempts: 3,
      parallel: 10,
      backoff: { baseMs: 300, capMs: 5_000 },
      ...setup.options,
    },
    {
      http,
      clock,
      crypto,
      random: () => 0.5,
      budget,
      deadline: new Deadline(clock.now + (setup.budgetMs ?? 25_000), setup.initialRoundMs ?? 3_000),
      ...(breaker ? { breaker } : {}),
      ...(setup.describePause ? { describePause: setup.describePause } : {}),
    },
  );
  return {
    engine,
    clock,
    http,
    budget,
    breaker,
    /** The UUIDs handed out so far: uuid-1, uuid-2, ... */
    uuids,
    /** Virtual time the run took so far. */
    elapsed: () => clock.now - startedAt,
    /** The row counts of the requests sent, round by round. */
    roundSizes: () => http.rounds.map((round) => round.map((r) => sentRows(r.body).length)),
  };
}

/** The rows of a predict request body. */
export function sentRows(body: string | undefined): unknown[][] {
  return (JSON.parse(body ?? '{}') as { rows: unknown[][] }).rows;
}

/** One batch per row value: row i is [values[i]] at index i. */
export function batchesOf(...sizes: number[]): Batch[] {
  let next = 0;
  return sizes.map((size) => {
    const rowIndexes = Array.from({ length: size }, () => next++);
    return { rowIndexes, rows: rowIndexes.map((i) => [i]) };
  });
}
