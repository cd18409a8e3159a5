import type { ApiEndpoint } from '../../core/api-client';
import { isSheetBridgeError } from '../../core/errors';
import { catalogFromModels, catalogKey, isFresh, outputsOf, parseCatalog } from '../../core/model-catalog';
import { fetchModels } from '../../core/models';
import type { Settings } from '../../core/settings';
import type { PredictEnvironment } from './environment';

/**
 * The output names of a model, from the model list PREDICT keeps in the results cache (fetched again
 * when older than MODEL_LIST_FRESH_MS): the width of a run's results. null when the list cannot be had;
 * AUTH and BAD_SIGNATURE still stop the call.
 */
export function modelOutputNames(env: PredictEnvironment, settings: Settings, endpoint: ApiEndpoint) {
  return (model: string): string[] | null => {
    const signing = endpoint.secret === null ? null : endpoint.keyId;
    const key = catalogKey(env.cacheGeneration(), endpoint.baseUrl, signing);
    try {
      let catalog = parseCatalog(env.resultCache.get(key) ?? undefined);
      if (outputsOf(catalog, model) === null || !isFresh(catalog, model, env.clock.nowMs())) {
        catalog = catalogFromModels(
          fetchModels(endpoint, env.http, env.crypto, env.clock),
          env.clock.nowMs(),
        );
        if (settings.cacheTtlS > 0) {
          env.resultCache.put(key, JSON.stringify(catalog), settings.cacheTtlS);
        }
      }
      return outputsOf(catalog, model);
    } catch (error) {
      if (isSheetBridgeError(error) && (error.code === 'AUTH' || error.code === 'BAD_SIGNATURE')) throw error;
      return null;
    }
  };
}
