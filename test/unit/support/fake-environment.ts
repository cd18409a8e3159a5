import type { PredictEnvironment } from '../../../src/features/predict/environment';
import { TEST_SECRET } from './fake-api';
import { FakeClock, MemoryCache, type Responder, ScriptedHttp, settingsOf } from './fakes';
import { nodeCrypto } from './node-crypto';

export const BASE_URL = 'http://203.0.113.10';

export interface FakeEnvironment extends PredictEnvironment {
  clock: FakeClock;
  http: ScriptedHttp;
  resultCache: MemoryCache;
}

/** A PredictEnvironment over the unit fakes: scripted API, virtual clock, memory caches, node:crypto. */
export function fakeEnvironment(
  respond: Responder,
  scriptSettings: Record<string, string> = {},
): FakeEnvironment {
  const clock = new FakeClock();
  return {
    http: new ScriptedHttp(respond, clock, 40),
    clock,
    crypto: nodeCrypto,
    cache: new MemoryCache(clock),
    resultCache: new MemoryCache(clock),
    scriptSettings: settingsOf({
      SHEETBRIDGE_BASE_URL: BASE_URL,
      SHEETBRIDGE_SECRET: TEST_SECRET,
      ...scriptSettings,
    }),
    documentSettings: settingsOf({}),
    cacheGeneration: () => '0',
    locale: () => 'en_US',
    zoneOffset: () => 0,
    random: () => 0.5,
    blocks: { draggedBlock: () => null, lead: (_waitMs, work) => work() },
  };
}
