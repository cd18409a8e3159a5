import { endpointOf } from '../../core/api-client';
import type { ModelInfo } from '../../core/contract';
import { fetchModels } from '../../core/models';
import type { Cache, Clock, Crypto, Http, SettingsReader } from '../../core/ports';
import type { PredictDeps } from '../../core/predict';
import type { Settings } from '../../core/settings';
import { toLocalIsoString, type ZoneOffset } from '../../core/values';
import { resultsCache, ScriptCache } from '../../gas/cache';
import { AppsScriptClock } from '../../gas/clock';
import { UtilitiesCrypto } from '../../gas/crypto';
import { UrlFetchHttp } from '../../gas/http';
import { tryWithDocumentLock } from '../../gas/lock';
import { readDraggedBlock } from '../../gas/neighbourhood';
import { cacheGenerationOf, documentSettings, scriptSettings } from '../../gas/properties';
import { spreadsheetLocale, spreadsheetZoneOffset } from '../../gas/spreadsheet-info';
import { languageOf, t } from '../../i18n';
import type { BlockAccess } from './coalesce';

/** Everything PREDICT needs from the outside world; tests pass fakes, Apps Script gets the adapters. */
export interface PredictEnvironment {
  http: Http;
  clock: Clock;
  crypto: Crypto;
  /** The script cache, shared by the whole deployment: the retry budget. */
  cache: Cache;
  /** Row results and the model list: the spreadsheet's document cache where there is one. */
  resultCache: Cache;
  scriptSettings: SettingsReader;
  documentSettings: SettingsReader;
  cacheGeneration: () => string;
  locale: () => string | null;
  zoneOffset: ZoneOffset;
  random: () => number;
  /** The calling cell's dragged-down siblings and the spreadsheet's lock (coalesce.ts). */
  blocks: BlockAccess;
}

export function appsScriptEnvironment(): PredictEnvironment {
  // One reader per store for the whole execution: each store is read once (gas/properties.ts).
  const script = scriptSettings();
  return {
    http: new UrlFetchHttp(),
    clock: new AppsScriptClock(),
    crypto: new UtilitiesCrypto(),
    cache: new ScriptCache(),
    resultCache: resultsCache(),
    scriptSettings: script,
    documentSettings: documentSettings(),
    cacheGeneration: () => cacheGenerationOf(script),
    locale: spreadsheetLocale,
    zoneOffset: spreadsheetZoneOffset(),
    random: Math.random,
    blocks: { draggedBlock: readDraggedBlock, lead: tryWithDocumentLock },
  };
}

/** "Calls are paused until HH:MM:SS", in the spreadsheet's language and time zone. */
function pauseText(env: PredictEnvironment): (untilMs: number) => string {
  return (untilMs) => {
    const time = toLocalIsoString(untilMs, env.zoneOffset).slice(11, 19);
    return t(languageOf(env.locale()), 'error.paused', { time });
  };
}

/**
 * GET /v1/models for the endpoint the settings name, through the environment: PREDICT's model list, a
 * run's output names and the connection test all fetch it so. The endpoint is resolved at the call.
 */
export function modelListOf(env: PredictEnvironment, settings: Settings): () => ModelInfo[] {
  return () => fetchModels(endpointOf(settings), env.http, env.crypto, env.clock);
}

/** What predictRows needs, from an environment: one place, for =PREDICT and for the slices of a run. */
export function predictDepsOf(env: PredictEnvironment, settings: Settings, deadlineMs: number): PredictDeps {
  return {
    http: env.http,
    clock: env.clock,
    crypto: env.crypto,
    cache: env.resultCache,
    sharedCache: env.cache,
    random: env.random,
    settings,
    deadlineMs,
    cacheGeneration: env.cacheGeneration(),
    fetchModels: modelListOf(env, settings),
    zoneOffset: env.zoneOffset,
    describePause: pauseText(env),
  };
}
