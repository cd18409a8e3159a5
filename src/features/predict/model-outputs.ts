import { endpointOf, signingIdentity } from '../../core/api-client';
import { catalogKey, currentCatalog, isFresh, outputsOf, parseCatalog } from '../../core/model-catalog';
import type { Settings } from '../../core/settings';
import { modelListOf, type PredictEnvironment } from './environment';

/**
 * The output names of a model, from the model list PREDICT keeps in the results cache (fetched again
 * when older than MODEL_LIST_FRESH_MS): the width of a run's results. null when the list cannot be had,
 * stale outputs included: a run's width is fixed for all its slices, so it is taken from a current list.
 * AUTH and BAD_SIGNATURE still stop the call. NOT_CONFIGURED when the settings name no API.
 */
export function modelOutputNames(env: PredictEnvironment, settings: Settings) {
  const endpoint = endpointOf(settings);
  return (model: string): string[] | null => {
    const key = catalogKey(env.cacheGeneration(), endpoint.baseUrl, signingIdentity(endpoint));
    const cached = parseCatalog(env.resultCache.get(key) ?? undefined);
    const needed = outputsOf(cached, model) === null || !isFresh(cached, model, env.clock.nowMs());
    const { catalog, fetched, requested } = currentCatalog(cached, needed, {
      fetchModels: modelListOf(env, settings),
      clock: env.clock,
    });
    if (requested && !fetched) return null;
    if (fetched && settings.cacheTtlS > 0)
      env.resultCache.put(key, JSON.stringify(catalog), settings.cacheTtlS);
    return outputsOf(catalog, model);
  };
}
