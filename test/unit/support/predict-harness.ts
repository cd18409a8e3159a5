import type { ModelInfo } from '../../../src/core/contract';
import { type PredictDeps, type PredictReport, predictRows } from '../../../src/core/predict';
import { loadSettings } from '../../../src/core/settings';
import { TEST_SECRET } from './fake-api';
import { FakeClock, MemoryCache, type Responder, ScriptedHttp, settingsOf } from './fakes';
import { nodeCrypto } from './node-crypto';

export const BASE_URL = 'http://203.0.113.10';

export interface Harness {
  clock: FakeClock;
  http: ScriptedHttp;
  cache: MemoryCache;
  /** The script cache of Apps Script: state shared by the deployment (the retry budget). */
  sharedCache: MemoryCache;
  /** predictRows' dependencies over these fakes, for callers that wrap predictRows. */
  deps(options?: { budgetMs?: number; fetchModels?: () => ModelInfo[] }): PredictDeps;
  run(
    input: unknown,
    options?: { model?: string | null; hasHeader?: boolean; budgetMs?: number; cacheGeneration?: string },
  ): PredictReport;
  /** A call whose model list comes from `fetchModels` (GET /v1/models in Apps Script). */
  runWith(
    options: { fetchModels: () => ModelInfo[]; budgetMs?: number; hasHeader?: boolean },
    input: unknown,
  ): PredictReport;
}

/** predictRows over fakes: virtual clock, scripted HTTP, memory cache, node:crypto. */
export function harness(respond: Responder, settings: Record<string, string> = {}, latencyMs = 100): Harness {
  const clock = new FakeClock();
  const http = new ScriptedHttp(respond, clock, latencyMs);
  const cache = new MemoryCache(clock);
  const sharedCache = new MemoryCache(clock);
  const loaded = loadSettings(
    settingsOf({ SHEETBRIDGE_BASE_URL: BASE_URL, SHEETBRIDGE_SECRET: TEST_SECRET, ...settings }),
  );
  const deps = (budgetMs: number, cacheGeneration = '0') => ({
    http,
    clock,
    crypto: nodeCrypto,
    cache,
    sharedCache,
    random: () => 0.5,
    settings: loaded,
    deadlineMs: clock.nowMs() + budgetMs,
    cacheGeneration,
  });
  return {
    clock,
    http,
    cache,
    sharedCache,
    deps: ({ budgetMs = 25_000, fetchModels } = {}) => ({
      ...deps(budgetMs),
      ...(fetchModels ? { fetchModels } : {}),
    }),
    run(input, options = {}) {
      return predictRows(
        { input, model: options.model ?? null, hasHeader: options.hasHeader ?? false },
        deps(options.budgetMs ?? 25_000, options.cacheGeneration),
      );
    },
    runWith({ fetchModels, budgetMs = 25_000, hasHeader = true }, input) {
      return predictRows({ input, model: null, hasHeader }, { ...deps(budgetMs), fetchModels });
    },
  };
}

export function numericRows(count: number, columns = 8): number[][] {
  return Array.from({ length: count }, (_, r) => Array.from({ length: columns }, (_, c) => r + c));
}
