// Route-level hooks shared by the signed routes: authenticate over the raw bytes, then parse JSON. Auth
// comes first so that an unauthenticated caller learns nothing about the body's validity.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../auth';
import { ApiError } from '../errors';
import { EMPTY_BODY } from '../request-context';
import type { Runtime } from '../runtime';

export type PreValidationHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function makeAuthHook(rt: Runtime): PreValidationHook {
  return async (request) => {
    // The content-type parser hands over the body as raw bytes; keep them for signing and hashing.
    request.sb.rawBody = Buffer.isBuffer(request.body) ? request.body : EMPTY_BODY;
    request.sb.keyId = authenticate(rt, {
      method: request.method,
      url: request.raw.url ?? request.url,
      headers: request.headers,
      body: request.sb.rawBody,
    });
  };
}

export const parseJsonBody: PreValidationHook = async (request) => {
  if (request.sb.rawBody.length === 0) throw new ApiError(400, 'BAD_REQUEST', 'body is empty: expected JSON');
  try {
    request.body = JSON.parse(request.sb.rawBody.toString('utf8'));
  } catch {
    throw new ApiError(400, 'BAD_REQUEST', 'body is not valid JSON');
  }
};
