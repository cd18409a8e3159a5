import { endpointOf } from '../../core/api-client';
import { HEALTH_PATH, MODELS_PATH } from '../../core/contract';
import { isSheetBridgeError } from '../../core/errors';
import { getSigned } from '../../core/models';
import { loadSettings } from '../../core/settings';
import { type Language, t } from '../../i18n';
import { modelListOf, type PredictEnvironment } from '../predict/environment';
import { toUserError } from '../predict/predict-function';
import type { ConnectionReport } from '../sidebar/rpc-types';

/**
 * Health (unsigned, cheap) for latency and version, then the model list signed, which proves that
 * the key id and secret match and that answers verify.
 */
export function testConnection(env: PredictEnvironment, language: Language): ConnectionReport {
  const report: ConnectionReport = {
    ok: false,
    latencyMs: null,
    modelVersion: null,
    signature: 'unsigned',
    models: [],
    message: '',
  };
  try {
    const settings = loadSettings(env.scriptSettings, env.documentSettings);
    const endpoint = endpointOf(settings);
    const health = getSigned({ ...endpoint, secret: null }, HEALTH_PATH, env.http, env.crypto, env.clock);
    report.latencyMs = health.latencyMs;
    if (health.status !== 200) {
      report.message = t(language, 'connection.healthStatus', { path: HEALTH_PATH, status: health.status });
      return report;
    }
    const version = (JSON.parse(health.body) as { modelVersion?: unknown }).modelVersion;
    report.modelVersion = typeof version === 'string' ? version : null;
    // As PREDICT fetches it: a refused key (AUTH, with what to check), an API error (UNAVAILABLE) or a
    // broken list (BAD_RESPONSE) is reported below as the error cells would show it.
    const models = modelListOf(env, settings)();
    // Only a 200 must verify (an error answer may be unsigned): only now is "verified" true.
    report.signature = settings.secret === null ? 'unsigned' : 'verified';
    report.models = models.map(({ name, version: v, outputs }) => ({ name, version: v, outputs }));
    // The version in use is that of the model formulas use by default, as the API lists it now.
    report.modelVersion =
      report.models.find((m) => m.name === settings.model)?.version ?? report.modelVersion;
    report.ok = true;
    report.message = t(language, settings.secret === null ? 'connection.unsigned' : 'connection.verified');
  } catch (error) {
    if (isSheetBridgeError(error) && error.code === 'BAD_SIGNATURE') report.signature = 'failed';
    if (isSheetBridgeError(error) && error.code === 'UNAVAILABLE' && error.httpStatus !== null) {
      // The API is up (its health answered) but cannot list its models: say so in the user's words.
      report.message = t(language, 'connection.modelsStatus', {
        path: MODELS_PATH,
        status: error.httpStatus,
      });
    } else {
      // The user's words for the code first, the technical detail after it, as error cells show it.
      report.message = toUserError(error, language).message;
    }
  }
  return report;
}
