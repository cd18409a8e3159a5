// SB1: HMAC-SHA256 request signing over plain HTTP (DESIGN.md "Signing (SB1)"). Pure functions, no
// Fastify: the auth hook and the response-signing hook are thin users of these.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const HEADER_KEY_ID = 'x-sb-key-id';
export const HEADER_TIMESTAMP = 'x-sb-timestamp';
export const HEADER_NONCE = 'x-sb-nonce';
export const HEADER_SIGNATURE = 'x-sb-signature';
export const HEADER_RESPONSE_SIGNATURE = 'x-sb-response-signature';

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function hmacBase64(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('base64');
}

export interface RequestToSign {
  timestamp: string;
  nonce: string;
  method: string;
  /** Path and query exactly as sent on the wire (base path included), never re-encoded. */
  pathAndQuery: string;
  body: Buffer;
}

export function requestStringToSign(r: RequestToSign): string {
  return ['SB1', r.timestamp, r.nonce, r.method.toUpperCase(), r.pathAndQuery, sha256Hex(r.body)].join('\n');
}

export function signRequest(secret: string, r: RequestToSign): string {
  return hmacBase64(secret, requestStringToSign(r));
}

/** Constant-time comparison of two base64 strings; a length mismatch is answered without comparing. */
export function signaturesMatch(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function signResponse(secret: string, requestNonce: string, status: number, body: Buffer): string {
  return hmacBase64(secret, `SB1-RESP\n${requestNonce}\n${status}\n${sha256Hex(body)}`);
}
