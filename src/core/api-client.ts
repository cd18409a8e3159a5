import { SheetBridgeError } from './errors';
import type { Crypto, HttpOutcome, HttpRequest } from './ports';
import { requireBaseUrl, type Settings } from './settings';
import { signRequest, verifyResponseSignature } from './signing';

/** Where requests go and how they are signed. */
export interface ApiEndpoint {
  baseUrl: string;
  keyId: string;
  /** null: requests go unsigned and answers are not checked (the UI says so). */
  secret: string | null;
}

/** The endpoint the settings name: NOT_CONFIGURED when there is no base URL. */
export function endpointOf(settings: Settings): ApiEndpoint {
  return { baseUrl: requireBaseUrl(settings), keyId: settings.keyId, secret: settings.secret };
}

/**
 * Who signs the requests, as far as cached answers are concerned: the key id, or null when unsigned.
 * Answers fetched with one identity are not served to another (a wrong secret must not look right).
 */
export function signingIdentity(endpoint: ApiEndpoint): string | null {
  return endpoint.secret === null ? null : endpoint.keyId;
}

export interface ApiCall {
  method: 'get' | 'post';
  path: string;
  body?: string;
  idempotencyKey?: string;
}

export interface PreparedCall {
  request: HttpRequest;
  /** The nonce the answer's signature must name; null when unsigned. */
  nonce: string | null;
}

export type ApiResult =
  | {
      kind: 'response';
      status: number;
      headers: Record<string, string>;
      body: string;
      /** False for an error answer whose signature did not verify: act on its status, never its body. */
      trusted: boolean;
    }
  | { kind: 'network-error'; message: string };

/** Builds one attempt: a fresh nonce and timestamp every time, so a retry is never a replay. */
export function prepareCall(
  endpoint: ApiEndpoint,
  call: ApiCall,
  crypto: Crypto,
  nowMs: number,
): PreparedCall {
  const url = endpoint.baseUrl + call.path;
  const body = call.body ?? '';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (call.idempotencyKey) headers['Idempotency-Key'] = call.idempotencyKey;
  let nonce: string | null = null;
  if (endpoint.secret !== null) {
    const signed = signRequest(crypto, endpoint.secret, endpoint.keyId, nowMs, call.method, url, body);
    Object.assign(headers, signed);
    nonce = signed['X-SB-Nonce'];
  }
  const request: HttpRequest = { url, method: call.method, headers };
  if (call.method === 'post') request.body = body;
  return { request, nonce };
}

/**
 * Checks an answer's signature when a secret is set. A 2xx answer must verify: its values land in cells.
 * An error answer that does not verify is still taken by its status, because a load balancer's own 502
 * cannot be signed and a 401 caused by a wrong secret cannot verify with that secret; but its body
 * (message, maxRows) is not trusted, so on-path tampering can make a call fail or wait, never steer it.
 */
export function interpretOutcome(
  prepared: PreparedCall,
  outcome: HttpOutcome,
  endpoint: ApiEndpoint,
  crypto: Crypto,
): ApiResult {
  if (outcome.kind === 'network-error') return outcome;
  if (endpoint.secret === null || prepared.nonce === null) return { ...outcome, trusted: true };
  const signature = outcome.headers['x-sb-response-signature'];
  const verified = verifyResponseSignature(
    crypto,
    endpoint.secret,
    prepared.nonce,
    outcome.status,
    outcome.body,
    signature,
  );
  if (outcome.status < 200 || outcome.status >= 300) return { ...outcome, trusted: verified };
  if (!verified) {
    throw new SheetBridgeError(
      'BAD_SIGNATURE',
      signature === undefined
        ? 'The API answered without a signature, so the answer was refused. Check that SHEETBRIDGE_BASE_URL points at the SheetBridge API and that the API has the signing secret.'
        : 'The API answer failed its signature check, so it was refused: it may have been altered on the way, or the API uses another secret. Check SHEETBRIDGE_KEY_ID and SHEETBRIDGE_SECRET.',
    );
  }
  return { ...outcome, trusted: true };
}
