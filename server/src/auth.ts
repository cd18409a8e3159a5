// SB1 request authentication. The API is reached from Google's shared egress addresses, so the network
// cannot tell our add-on from anyone else's: every request must prove it holds a shared secret.
import { ApiError } from './errors';
import type { Runtime } from './runtime';
import {
  HEADER_KEY_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  signaturesMatch,
  signRequest,
} from './signing';

export interface SignedRequest {
  method: string;
  /** request.raw.url: the path and query as received, which is what the client signed. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const HEADER_NAMES: Record<string, string> = {
  [HEADER_KEY_ID]: 'X-SB-Key-Id',
  [HEADER_TIMESTAMP]: 'X-SB-Timestamp',
  [HEADER_NONCE]: 'X-SB-Nonce',
  [HEADER_SIGNATURE]: 'X-SB-Signature',
};

function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/**
 * Returns the verified key id, or undefined for an unsigned request that is allowed through (signing not
 * required). Checks run cheapest first; the nonce is recorded only after the signature verified, so that
 * nobody without the secret can fill the replay cache or burn a legitimate client's nonces.
 */
export function authenticate(rt: Runtime, req: SignedRequest): string | undefined {
  const values = Object.fromEntries(Object.keys(HEADER_NAMES).map((h) => [h, single(req.headers[h])]));
  const missing = Object.keys(HEADER_NAMES).filter((h) => values[h] === undefined);
  if (missing.length === 4 && !rt.requireSignature) return undefined;
  if (missing.length > 0) {
    const names = missing.map((h) => HEADER_NAMES[h]).join(', ');
    throw new ApiError(401, 'AUTH_MISSING', `missing signature header(s): ${names}`);
  }
  const keyId = values[HEADER_KEY_ID] as string;
  const timestamp = values[HEADER_TIMESTAMP] as string;
  const nonce = values[HEADER_NONCE] as string;
  const signature = values[HEADER_SIGNATURE] as string;

  const secret = rt.keys.get(keyId);
  if (secret === undefined) {
    throw new ApiError(
      401,
      'AUTH_UNKNOWN_KEY',
      'X-SB-Key-Id is not a key this server accepts (rotated out?)',
    );
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new ApiError(401, 'AUTH_STALE_TIMESTAMP', 'X-SB-Timestamp must be unix time in whole seconds');
  }
  const skewS = Math.floor(rt.now() / 1000) - Number(timestamp);
  if (Math.abs(skewS) > rt.timestampWindowS) {
    throw new ApiError(
      401,
      'AUTH_STALE_TIMESTAMP',
      `X-SB-Timestamp is ${Math.abs(skewS)} s ${skewS > 0 ? 'behind' : 'ahead of'} the server clock (allowed ${rt.timestampWindowS} s)`,
    );
  }
  if (nonce.length > 128)
    throw new ApiError(401, 'AUTH_MISSING', 'X-SB-Nonce must be at most 128 characters');
  const expected = signRequest(secret, {
    timestamp,
    nonce,
    method: req.method,
    pathAndQuery: req.url,
    body: req.body,
  });
  if (!signaturesMatch(expected, signature)) {
    throw new ApiError(
      401,
      'AUTH_BAD_SIGNATURE',
      'X-SB-Signature does not match the request (wrong secret?)',
    );
  }
  const seen = rt.nonces.remember(`${keyId}\n${nonce}`, rt.now());
  if (seen === 'replayed') {
    throw new ApiError(
      401,
      'AUTH_REPLAYED_NONCE',
      'X-SB-Nonce was already used: send a fresh nonce per attempt',
    );
  }
  if (seen === 'full') {
    throw new ApiError(503, 'UNAVAILABLE', 'replay cache is full, try again shortly', {}, 5);
  }
  return keyId;
}
