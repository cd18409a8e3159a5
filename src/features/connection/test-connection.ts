import { HEALTH_PATH, MODELS_PATH, parseModelsAnswer } from '../../core/contract';
import { isSheetBridgeError } from '../../core/errors';
import { getSigned } from '../../core/models';
import { loadSettings, requireBaseUrl } from '../../core/settings';
import { type Language, t } from '../../i18n';
import type { PredictEnvironment } from '../predict/environment';
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
    const baseUrl = requireBaseUrl(settings);
    const health = getSigned(
      { baseUrl, keyId: settings.keyId, secret: null },
      HEALTH_PATH,
      env.http,
      env.crypto,
      env.clock,
    );
    report.latencyMs = health.latencyMs;
    if (health.status !== 200) {
      report.message = t(language, 'connection.healthStatus', { path: HEALTH_PATH, status: health.status });
      return report;
    }
    const version = (JSON.parse(health.body) as { modelVersion?: unknown }).modelVersion;
    report.modelVersion = typeof version === 'string' ? version : null;
    const endpoint = { baseUrl, keyId: settings.keyId, secret: settings.secret };
    const models = getSigned(endpoint, MODELS_PATH, env.http, env.crypto, env.clock);
    if (models.status !== 200) {
      report.message = t(language, 'connection.modelsStatus', { path: MODELS_PATH, status: models.status });
      return report;
    }
    // Only a 200 must verify (an error answer may be unsigned): only now is "verified" true.
    report.signature = settings.secret === null ? 'unsigned' : 'verified';
    report.models = parseModelsAnswer(models.body).map(({ name, version: v, outputs }) => ({
      name,
      version: v,
      outputs,
    }));
    // The version in use is that of the model formulas use by default, as the API lists it now.
    report.modelVersion =
      report.models.find((m) => m.name === settings.model)?.version ?? report.modelVersion;
    report.ok = true;
    report.message = t(language, settings.secret === null ? 'connection.unsigned' : 'connection.verified');
  } catch (error) {
    if (isSheetBridgeError(error) && error.code === 'BAD_SIGNATURE') report.signature = 'failed';
    // The user's words for the code first, the technical detail after it, as error cells show it.
    report.message = toUserError(error, language).message;
  }
  return report;
}
