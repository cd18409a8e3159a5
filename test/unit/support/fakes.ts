import type { Cache, Clock, HttpOutcome, HttpRequest, SettingsReader } from '../../../src/core/ports';

/** Virtual time: sleeping and network latency move the clock instead of waiting. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public now = 1_700_000_000_000) {}

  nowMs(): number {
    return this.now;
  }

  sleep(ms: number): void {
    this.sleeps.push(ms);
    this.now += Math.max(0, ms);
  }
}

export class MemoryCache implements Cache {
  readonly store = new Map<string, { value: string; expiresAt: number }>();
  gets = 0;
  puts = 0;

  constructor(private readonly clock: { nowMs(): number } = { nowMs: () => Date.now() }) {}

  get(key: string): string | null {
    this.gets += 1;
    const entry = this.store.get(key);
    if (!entry || entry.expiresAt <= this.clock.nowMs()) return null;
    return entry.value;
  }

  getAll(keys: string[]): Record<string, string> {
    const found: Record<string, string> = {};
    for (const key of keys) {
      const value = this.get(key);
      if (value !== null) found[key] = value;
    }
    return found;
  }

  put(key: string, value: string, ttlSeconds: number): void {
    this.puts += 1;
    this.store.set(key, { value, expiresAt: this.clock.nowMs() + ttlSeconds * 1000 });
  }

  putAll(entries: Record<string, string>, ttlSeconds: number): void {
    for (const [key, value] of Object.entries(entries)) this.put(key, value, ttlSeconds);
  }
}

export function settingsOf(values: Record<string, string>): SettingsReader {
  return (key) => values[key] ?? null;
}

export type Responder = (request: HttpRequest, attempt: number) => HttpOutcome;

/**
 * An Http port whose answers come from a function. Each fetchAll is one round trip taking
 * `latencyMs` of virtual time, as parallel requests do.
 */
export class ScriptedHttp {
  readonly rounds: HttpRequest[][] = [];
  private readonly attemptsByKey = new Map<string, number>();

  constructor(
    private readonly respond: Responder,
    private readonly clock?: FakeClock,
    public latencyMs = 100,
  ) {}

  get requests(): HttpRequest[] {
    return this.rounds.flat();
  }

  fetchAll(requests: HttpRequest[]): HttpOutcome[] {
    this.rounds.push(requests);
    if (this.clock) this.clock.now += this.latencyMs;
    return requests.map((request) => {
      const key = request.headers['Idempotency-Key'] ?? request.url;
      const attempt = (this.attemptsByKey.get(key) ?? 0) + 1;
      this.attemptsByKey.set(key, attempt);
      return this.respond(request, attempt);
    });
  }
}
