import { type ApiEndpoint, interpretOutcome, prepareCall } from './api-client';
import {
  ContractViolation,
  MODELS_PATH,
  type ModelInfo,
  parseErrorBody,
  parseModelsAnswer,
} from './contract';
import { authError, SheetBridgeError } from './errors';
import type { Clock, Crypto, Http } from './ports';

/** One signed GET, for the model list (header names, the sidebar) and the connection test. */
export interface ProbeResult {
  status: number;
  latencyMs: number;
  body: string;
}

export function getSigned(
  endpoint: ApiEndpoint,
  path: string,
  http: Http,
  crypto: Crypto,
  clock: Clock,
): ProbeResult {
  const started = clock.nowMs();
  const prepared = prepareCall(endpoint, { method: 'get', path }, crypto, started);
  const [outcome] = http.fetchAll([prepared.request]);
  if (!outcome) throw new Error('fetchAll returned no answer');
  const result = interpretOutcome(prepared, outcome, endpoint, crypto);
  const latencyMs = clock.nowMs() - started;
  if (result.kind === 'network-error') {
    throw new SheetBridgeError(
      'UNAVAILABLE',
      `Could not reach the API at ${endpoint.baseUrl} (${result.message}).`,
    );
  }
  return {
    status: result.status,
    latencyMs,
    body: result.body,
  };
}

export function fetchModels(endpoint: ApiEndpoint, http: Http, crypto: Crypto, clock: Clock): ModelInfo[] {
  const probe = getSigned(endpoint, MODELS_PATH, http, crypto, clock);
  if (probe.status === 401 || probe.status === 403)
    throw authError(probe.status, parseErrorBody(probe.body).code);
  if (probe.status !== 200) {
    throw new SheetBridgeError(
      'UNAVAILABLE',
      `The API answered HTTP ${probe.status} for ${MODELS_PATH}.`,
      probe.status,
    );
  }
  try {
    return parseModelsAnswer(probe.body);
  } catch (error) {
    if (error instanceof ContractViolation)
      throw new SheetBridgeError(
        'BAD_RESPONSE',
        `The API's model list broke the contract: ${error.message}.`,
      );
    throw error;
  }
}
