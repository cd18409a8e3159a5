import type { Cache, Clock, Crypto, Http, SettingsReader } from '../../core/ports';
import type { PredictDeps } from '../../core/predict';
import type { Settings } from '../../core/settings';
import { ScriptCache } from '../../gas/cache';
import { AppsScriptClock } from '../../gas/clock';
import { UtilitiesCrypto } from '../../gas/crypto';
import { UrlFetchHttp } from '../../gas/http';
import { documentSettings, readCacheGeneration, scriptSettings } from '../../gas/properties';

/** Everything PREDICT needs from the outside world; tests pass fakes, Apps Script gets the adapters. */
export interface PredictEnvironment {
  http: Http;
  clock: Clock;
  crypto: Crypto;
  cache: Cache;
  scriptSettings: SettingsReader;
  documentSettings: SettingsReader;
  cacheGeneration: () => string;
  locale: () => string | null;
  random: () => number;
}

function spreadsheetLocale(): string | null {
  try {
    return SpreadsheetApp.getActiveSpreadsheet()?.getSpreadsheetLocale() ?? null;
  } catch {
    return null; // Session is not available to custom functions; the spreadsheet's locale is
  }
}

export function appsScriptEnvironment(): PredictEnvironment {
  return {
    http: new UrlFetchHttp(),
    clock: new AppsScriptClock(),
    crypto: new UtilitiesCrypto(),
    cache: new ScriptCache(),
    scriptSettings: scriptSettings(),
    documentSettings: documentSettings(),
    cacheGeneration: readCacheGeneration,
    locale: spreadsheetLocale,
    random: Math.random,
  };
}

/** What predictRows needs, from an environment: one place, for =PREDICT and for the slices of a run. */
export function predictDepsOf(env: PredictEnvironment, settings: Settings, deadlineMs: number): PredictDeps {
  return {
    http: env.http,
    clock: env.clock,
    crypto: env.crypto,
    cache: env.cache,
    random: env.random,
    settings,
    deadlineMs,
    cacheGeneration: env.cacheGeneration(),
  };
}
