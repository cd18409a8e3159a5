import type { ApiEndpoint } from '../../core/api-client';
import type { ModelInfo } from '../../core/contract';
import { isSheetBridgeError } from '../../core/errors';
import { fetchModels } from '../../core/models';
import type { Settings } from '../../core/settings';
import type { PredictEnvironment } from './environment';

/** The model list changes with a deployment of the API, rarely: an hour in the cache is plenty. */
const MODELS_CACHE_TTL_S = 3_600;

/**
 * The output names of a model, from /v1/models (cached): the header row of =PREDICT and the width of
 * a run's results. null when the list cannot be had; AUTH and BAD_SIGNATURE still stop the call.
 */
export function modelOutputNames(env: PredictEnvironment, settings: Settings, endpoint: ApiEndpoint) {
  return (model: string): string[] | null => {
    const signing = endpoint.secret === null ? '' : endpoint.keyId;
    const key = `sb1:models:${env.cacheGeneration()}:${env.crypto.sha256Hex(`${endpoint.baseUrl} ${signing}`)}`;
    try {
      const cached = env.cache.get(key);
      const models: ModelInfo[] =
        cached !== null ? JSON.parse(cached) : fetchModels(endpoint, env.http, env.crypto, env.clock);
      if (cached === null && settings.cacheTtlS > 0)
        env.cache.put(key, JSON.stringify(models), MODELS_CACHE_TTL_S);
      const outputs = models.find((m) => m.name === model)?.outputs;
      return outputs && outputs.length > 0 ? outputs : null;
    } catch (error) {
      if (isSheetBridgeError(error) && (error.code === 'AUTH' || error.code === 'BAD_SIGNATURE')) throw error;
      return null;
    }
  };
}
