import type { Crypto } from './ports';

/**
 * SB1 signing (DESIGN.md "Signing"): authenticity and integrity over plain HTTP, not secrecy.
 */

export interface SignedHeaders {
  'X-SB-Key-Id': string;
  'X-SB-Timestamp': string;
  'X-SB-Nonce': string;
  'X-SB-Signature': string;
}

/** The path and query exactly as sent, base path included: what the server sees in its request line. */
export function pathAndQuery(url: string): string {
  const match = /^[a-z]+:\/\/[^/?#]*([^#]*)/i.exec(url);
  const rest = match?.[1] ?? '';
  if (rest === '') return '/';
  return rest.startsWith('?') ? `/${rest}` : rest;
}

export function requestStringToSign(
  timestamp: string,
  nonce: string,
  method: string,
  url: string,
  bodyHashHex: string,
): string {
  return ['SB1', timestamp, nonce, method.toUpperCase(), pathAndQuery(url), bodyHashHex].join('\n');
}

export function signRequest(
  crypto: Crypto,
  secret: string,
  keyId: string,
  nowMs: number,
  method: string,
  url: string,
  body: string,
): SignedHeaders {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = crypto.uuid();
  const stringToSign = requestStringToSign(timestamp, nonce, method, url, crypto.sha256Hex(body));
  return {
    'X-SB-Key-Id': keyId,
    'X-SB-Timestamp': timestamp,
    'X-SB-Nonce': nonce,
    'X-SB-Signature': crypto.hmacSha256Base64(secret, stringToSign),
  };
}

export function responseStringToSign(nonce: string, status: number, bodyHashHex: string): string {
  return ['SB1-RESP', nonce, String(status), bodyHashHex].join('\n');
}

/** Constant-time in the length of the expected value: no early exit on the first differing character. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}

export function verifyResponseSignature(
  crypto: Crypto,
  secret: string,
  nonce: string,
  status: number,
  body: string,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = crypto.hmacSha256Base64(
    secret,
    responseStringToSign(nonce, status, crypto.sha256Hex(body)),
  );
  return sameText(expected, signature.trim());
}
