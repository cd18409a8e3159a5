import type { ApiResult } from './api-client';
import { PREDICT_PATH, parseErrorBody } from './contract';
import { authError, type ErrorCode, SheetBridgeError } from './errors';
import type { HttpOutcome } from './ports';
import { isRetryableStatus, parseRetryAfterMs } from './retry';

/**
 * What one answer of /v1/predict means for its batch, decided in one pure function so that every
 * status, header and body rule is in one place and testable on its own; the engine acts on it.
 */
export type Verdict =
  /** A 200 whose body is to be read (its signature already checked). */
  | { kind: 'accept'; body: string }
  | { kind: 'retry'; code: ErrorCode; message: string; retryAfterMs: number | null }
  /** 413: send the batch again in smaller parts; `maxRows` when the server named its limit. */
  | { kind: 'split'; maxRows: number | null; reason: string | null }
  /** The batch's rows get this error; the call goes on. */
  | { kind: 'fail-rows'; code: ErrorCode; message: string }
  /** Nothing in this call can succeed: the cell shows #ERROR! with this error. */
  | { kind: 'fail-call'; error: SheetBridgeError };

const STATUS_CODES: Record<number, ErrorCode> = {
  408: 'TIMEOUT',
  409: 'UNAVAILABLE',
  429: 'RATE_LIMITED',
  500: 'SERVER_ERROR',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'UNAVAILABLE',
};

function describeStatus(status: number, body: string, trusted: boolean): string {
  if (!trusted) return `HTTP ${status} from the API (an unsigned answer: its details were ignored)`;
  const error = parseErrorBody(body);
  const detail = error.message ?? (error.code ? error.code : null);
  return detail ? `HTTP ${status} from the API: ${detail}` : `HTTP ${status} from the API`;
}

export function classifyAnswer(result: ApiResult, model: string, nowMs: number): Verdict {
  if (result.kind === 'network-error') {
    return {
      kind: 'retry',
      code: 'UNAVAILABLE',
      message: `could not reach the API (${result.message})`,
      retryAfterMs: null,
    };
  }
  const { status, headers, trusted } = result;
  // The body of an error answer that did not verify is not read: only its status counts.
  const body = trusted ? result.body : '';
  if (status === 200) return { kind: 'accept', body };
  // A wrong secret is the usual cause of a 401, and then its signature cannot verify: read its code.
  if (status === 401 || status === 403) {
    return { kind: 'fail-call', error: authError(status, parseErrorBody(result.body).code) };
  }
  if (status >= 300 && status < 400) {
    const to = headers.location ? ` to ${headers.location.slice(0, 120)}` : '';
    const message = `The API answered with a redirect (HTTP ${status}${to}): set SHEETBRIDGE_BASE_URL to the final address, for example https:// instead of http://.`;
    return { kind: 'fail-call', error: new SheetBridgeError('BAD_SETTING', message) };
  }
  if (status === 404) {
    const message = `The API answered 404 Not Found for ${PREDICT_PATH}: check that SHEETBRIDGE_BASE_URL is the API's address (with its base path, if any).`;
    return { kind: 'fail-call', error: new SheetBridgeError('BAD_SETTING', message) };
  }
  if (status === 413) {
    const error = parseErrorBody(body);
    return { kind: 'split', maxRows: error.maxRows, reason: error.message };
  }
  const detail = describeStatus(status, body, trusted);
  if (isRetryableStatus(status)) {
    const retryAfterMs = parseRetryAfterMs(headers['retry-after'], nowMs);
    return { kind: 'retry', code: STATUS_CODES[status] ?? 'UNAVAILABLE', message: detail, retryAfterMs };
  }
  if (status === 422 && parseErrorBody(body).code === 'UNKNOWN_MODEL') {
    const message = `The API has no model named "${model}": check the model argument or SHEETBRIDGE_MODEL.`;
    return { kind: 'fail-call', error: new SheetBridgeError('BAD_INPUT', message) };
  }
  const code: ErrorCode = status === 400 ? 'BAD_REQUEST' : status === 422 ? 'REJECTED' : 'BAD_RESPONSE';
  return { kind: 'fail-rows', code, message: detail };
}

/**
 * Whether the service answered (the circuit breaker counts a round in which nothing did): anything
 * but a network failure, 408, or 502/503/504 from the load balancer or an overloaded service. A 500 is
 * the service answering with a fault of its own, often for one bad row: it must not pause the API for
 * every user of the deployment.
 */
export function serviceAnswered(outcome: HttpOutcome | undefined): boolean {
  return outcome?.kind === 'response' && ![408, 502, 503, 504].includes(outcome.status);
}
