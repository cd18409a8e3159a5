// Signs every answer to a request that named a known key id, errors included, so a client can tell our
// 401/503 from one forged or mangled on the way (over plain HTTP anyone on the path could write one).
// Runs in onSend, on the exact serialised bytes that go on the wire.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from './runtime';
import { HEADER_KEY_ID, HEADER_NONCE, HEADER_RESPONSE_SIGNATURE, signResponse } from './signing';

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

function payloadBytes(payload: unknown): Buffer | undefined {
  if (payload === null || payload === undefined) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (Buffer.isBuffer(payload)) return payload;
  return undefined; // a stream: this server never streams answers
}

export function makeResponseSigner(rt: Runtime) {
  return async function signAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const keyId = headerValue(request, HEADER_KEY_ID);
    const nonce = headerValue(request, HEADER_NONCE);
    const secret = keyId === undefined ? undefined : rt.keys.get(keyId);
    const malformed = request.sb?.malformed;
    // A load balancer's own error page cannot carry the app's signature; the fault imitates that.
    if (secret === undefined || nonce === undefined || malformed === 'missing-signature') return payload;
    if (malformed === 'html-error-page') return payload;
    const bytes = payloadBytes(payload);
    if (bytes === undefined) return payload;
    // A tampered signature is a valid signature of something else, the way a forged answer would look.
    const signedStatus = malformed === 'tamper-signature' ? reply.statusCode + 1 : reply.statusCode;
    reply.header(HEADER_RESPONSE_SIGNATURE, signResponse(secret, nonce, signedStatus, bytes));
    return payload;
  };
}
