import { type PredictReport, predictRows } from '../../../src/core/predict';
import { loadSettings } from '../../../src/core/settings';
import { TEST_SECRET } from './fake-api';
import { FakeClock, MemoryCache, type Responder, ScriptedHttp, settingsOf } from './fakes';
import { nodeCrypto } from './node-crypto';

export const BASE_URL = 'http://203.0.113.10';

export interface Harness {
  clock: FakeClock;
  http: ScriptedHttp;
  cache: MemoryCache;
  run(
    input: unknown,
    options?: { model?: string | null; hasHeader?: boolean; budgetMs?: number },
  ): PredictReport;
  /** A header-row call with an output-name lookup. */
  runWith(
    options: { outputNames: (model: string) => string[] | null; budgetMs: number },
    input: unknown,
  ): PredictReport;
}

/** predictRows over fakes: virtual clock, scripted HTTP, memory cache, node:crypto. */
export function harness(respond: Responder, settings: Record<string, string> = {}, latencyMs = 100): Harness {
  const clock = new FakeClock();
  const http = new ScriptedHttp(respond, clock, latencyMs);
  const cache = new MemoryCache(clock);
  const loaded = loadSettings(
    settingsOf({ SHEETBRIDGE_BASE_URL: BASE_URL, SHEETBRIDGE_SECRET: TEST_SECRET, ...settings }),
  );
  const deps = (budgetMs: number) => ({
    http,
    clock,
    crypto: nodeCrypto,
    cache,
    random: () => 0.5,
    settings: loaded,
    deadlineMs: clock.nowMs() + budgetMs,
    cacheGeneration: '0',
  });
  return {
    clock,
    http,
    cache,
    run(input, options = {}) {
      return predictRows(
        { input, model: options.model ?? null, hasHeader: options.hasHeader ?? false },
        deps(options.budgetMs ?? 25_000),
      );
    },
    runWith({ outputNames, budgetMs }, input) {
      return predictRows({ input, model: null, hasHeader: true }, { ...deps(budgetMs), outputNames });
    },
  };
}

export function numericRows(count: number, columns = 8): number[][] {
  return Array.from({ length: count }, (_, r) => Array.from({ length: columns }, (_, c) => r + c));
}
