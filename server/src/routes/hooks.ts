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

// application/json or a +json type; a charset parameter, if any, must be UTF-8 (the body is read as such).
const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;\s*charset="?utf-8"?\s*)?$/i;

export const parseJsonBody: PreValidationHook = async (request) => {
  // After authentication, so that an unsigned caller learns nothing; before parsing, so that a form or
  // text body is refused as what it is rather than read as JSON by luck.
  const type = request.headers['content-type'];
  if (type === undefined || !JSON_MEDIA_TYPE.test(type.trim())) {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type must be application/json, got ${type === undefined ? 'none' : `"${type.slice(0, 100)}"`}`,
    );
  }
  if (request.sb.rawBody.length === 0) throw new ApiError(400, 'BAD_REQUEST', 'body is empty: expected JSON');
  try {
    request.body = JSON.parse(request.sb.rawBody.toString('utf8'));
  } catch {
    throw new ApiError(400, 'BAD_REQUEST', 'body is not valid JSON');
  }
};
