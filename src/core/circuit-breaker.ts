import type { Cache } from './ports';
import { shortHash } from './row-hash';

/**
 * A circuit breaker shared by every execution of the deployment (DESIGN.md "A circuit breaker shared
 * by all executions"). When the API keeps failing, calls pause for a cool-down: executions answer at
 * once with error cells saying until when, instead of each trying, waiting and retrying on its own
 * and multiplying the load on a failing API. After the cool-down one execution claims the probe; its
 * outcome closes the breaker or opens it again. A round that was already out when the breaker opened
 * closes it only when every one of its requests was answered: its last answer is then newer than the
 * failures that opened it, while a single early answer among late failures is not.
 *
 * "Keeps failing" is a streak: at least `failures` failed rounds, across executions, with no answered
 * round between them, lasting at least `streakMs` (and none older than `windowMs`). Counting rounds
 * alone would trip on a blip: one execution's quick rounds over a 200 ms restart are many failures in
 * a row, and its retries outlast the blip.
 *
 * The state lives in the script cache, which every user of the deployment shares, as the API is
 * shared; the results live in each spreadsheet's document cache, so result churn cannot evict it.
 * Losing the state (eviction, a race between two writers) costs at most a few extra failed rounds
 * before the breaker opens again: it can never pause calls to an API that answers.
 */

export interface BreakerPolicy {
  failures: number;
  streakMs: number;
  windowMs: number;
  coolDownMs: number;
  /** How long a probe may take before another execution may probe again. */
  probeMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = {
  failures: 3,
  streakMs: 1_000,
  windowMs: 30_000,
  coolDownMs: 30_000,
  probeMs: 15_000,
};

interface BreakerState {
  /** Times of the failed rounds of the current streak. */
  failedAt: number[];
  /** Calls are paused until then; null when closed. */
  openUntil: number | null;
  /** Set while one execution probes a half-open breaker. */
  probeUntil: number | null;
}

const CLOSED: BreakerState = { failedAt: [], openUntil: null, probeUntil: null };
/** Longer than any window or cool-down: the entry outlives its own meaning, never the reverse. */
const STATE_TTL_S = 600;

function parseState(raw: string | null): BreakerState {
  if (raw === null) return { ...CLOSED, failedAt: [] };
  try {
    const parsed = JSON.parse(raw) as Partial<BreakerState>;
    const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return {
      failedAt: Array.isArray(parsed.failedAt) ? parsed.failedAt.filter((t) => time(t) !== null) : [],
      openUntil: time(parsed.openUntil),
      probeUntil: time(parsed.probeUntil),
    };
  } catch {
    return { ...CLOSED, failedAt: [] };
  }
}

/**
 * Until when calls wait: the end of the cool-down, then the end of a probe another execution claimed;
 * null when the breaker is closed, or open with its cool-down over and no probe claimed (half-open).
 */
function pauseIn(state: BreakerState, now: number): number | null {
  if (state.openUntil === null) return null;
  if (now < state.openUntil) return state.openUntil;
  if (state.probeUntil !== null && now < state.probeUntil) return state.probeUntil;
  return null;
}

export class CircuitBreaker {
  private probing = false;

  constructor(
    private readonly cache: Cache | null,
    private readonly key: string,
    private readonly nowMs: () => number,
    private readonly policy: BreakerPolicy = DEFAULT_BREAKER,
  ) {}

  /** null when this execution may call the API; else the time (ms) until which calls are paused. */
  pausedUntil(): number | null {
    if (this.probing) return null;
    const state = this.load();
    const now = this.nowMs();
    const paused = pauseIn(state, now);
    if (paused !== null || state.openUntil === null) return paused;
    // Half-open: this execution probes; the others wait for its outcome.
    state.probeUntil = now + this.policy.probeMs;
    this.probing = true;
    this.save(state);
    return null;
  }

  /**
   * Like pausedUntil, but only looks: it never claims the probe. For a caller deciding whether to
   * wait its turn at all; the one that then calls the API asks pausedUntil.
   */
  pausedUntilWithoutProbing(): number | null {
    return pauseIn(this.load(), this.nowMs());
  }

  /** A round in which the API did not answer any request usefully (network errors, 5xx, 408). */
  recordFailedRound(): void {
    const state = this.load();
    const now = this.nowMs();
    state.failedAt = [...state.failedAt.filter((t) => now - t < this.policy.windowMs), now];
    const streakMs = now - (state.failedAt[0] as number);
    if (this.probing || (state.failedAt.length >= this.policy.failures && streakMs >= this.policy.streakMs)) {
      state.openUntil = now + this.policy.coolDownMs;
      state.probeUntil = null;
      state.failedAt = [];
      this.probing = false;
    }
    this.save(state);
  }

  /**
   * A round in which the service answered: a counting streak is reset, and an open breaker is closed
   * by this execution's probe, or by a round whose every request was answered (`answeredAll`). A
   * closed breaker costs one read and no write.
   */
  recordAnsweredRound(answeredAll: boolean): void {
    const state = this.load();
    const probed = this.probing;
    this.probing = false;
    if (state.openUntil !== null && !probed && !answeredAll) return;
    if (state.failedAt.length === 0 && state.openUntil === null && state.probeUntil === null) return;
    this.save({ ...CLOSED, failedAt: [] });
  }

  /** Always the shared state as it is now: other executions may have moved it since this one looked. */
  private load(): BreakerState {
    return parseState(this.cache?.get(this.key) ?? null);
  }

  private save(state: BreakerState): void {
    this.cache?.put(this.key, JSON.stringify(state), STATE_TTL_S);
  }
}

/** The breaker of one API (base URL), in the cache every execution of the deployment shares. */
export function breakerFor(cache: Cache | null, baseUrl: string, nowMs: () => number): CircuitBreaker {
  return new CircuitBreaker(cache, `sb2:breaker:${shortHash(baseUrl)}`, nowMs);
}
