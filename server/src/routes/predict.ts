// POST /v1/predict: the contract's one real operation. Order matters and is the contract's: authenticate
// (hook), then idempotency, then injected faults, then the model.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../errors';
import { injectFaults } from '../fault-stage';
import type { MalformedKind } from '../faults';
import { predictRow, resolveColumnOrder } from '../predict';
import type { Runtime } from '../runtime';
import { sha256Hex } from '../signing';
import type { PreValidationHook } from './hooks';

// The schema is the type: the handler's `request.body` is derived from it (json-schema-to-ts), so the
// validation and what the code assumes cannot drift apart.
const predictBodySchema = {
  type: 'object',
  required: ['model', 'rows'],
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 200 },
    columns: { type: 'array', items: { type: 'string' }, maxItems: 1000 },
    // Rows are checked one by one in the handler: a bad row is that row's error, not the batch's.
    rows: { type: 'array' },
  },
} as const;

const JSON_TYPE = 'application/json; charset=utf-8';

const ALB_502_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

/** Sends a 200 predict answer, or the broken version of it that a malformed-answer fault asks for. */
function sendAnswer(reply: FastifyReply, body: string, malformed: MalformedKind | undefined) {
  reply.type(JSON_TYPE).code(200);
  if (malformed === undefined || malformed === 'tamper-signature' || malformed === 'missing-signature') {
    return reply.send(body);
  }
  const answer = JSON.parse(body) as { model: string; modelVersion: string; results: unknown[] };
  switch (malformed) {
    case 'not-json':
      return reply.send(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    case 'wrong-length': {
      const results = answer.results.length > 0 ? answer.results.slice(0, -1) : [{ value: 0 }];
      return reply.send(JSON.stringify({ ...answer, results }));
    }
    case 'bad-shape':
      return reply.send(JSON.stringify({ model: answer.model, predictions: answer.results }));
    case 'html-error-page':
      return reply.code(502).type('text/html').send(ALB_502_PAGE);
  }
}

/** Registers POST /v1/predict on `app`, which the caller mounts under the base path. */
export function registerPredictRoute(app: FastifyInstance, rt: Runtime, preValidation: PreValidationHook[]) {
  app
    .withTypeProvider<JsonSchemaToTsProvider>()
    .post(
      '/v1/predict',
      { config: { sbRoute: 'predict' }, schema: { body: predictBodySchema }, preValidation },
      async (request, reply) => {
        const body = request.body;
        const ctx = request.sb;
        ctx.model = body.model;
        ctx.rows = body.rows.length;
        if (body.rows.length > rt.maxRows) {
          throw new ApiError(
            413,
            'TOO_MANY_ROWS',
            `at most ${rt.maxRows} rows per request, got ${body.rows.length}`,
            {
              maxRows: rt.maxRows,
              maxBytes: rt.maxBodyBytes,
            },
          );
        }
        const malformed = rt.faults?.config.malformed;

        const idempotencyKey = request.headers['idempotency-key'];
        if (
          idempotencyKey !== undefined &&
          (typeof idempotencyKey !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey))
        ) {
          throw new ApiError(400, 'BAD_REQUEST', 'Idempotency-Key must be 1-255 visible ASCII characters');
        }
        const bodyHash = sha256Hex(ctx.rawBody);
        // Keys are scoped per signing key, so two clients choosing the same key never see each other's answers.
        const storeKey = idempotencyKey === undefined ? undefined : `${ctx.keyId ?? '-'}\n${idempotencyKey}`;
        if (storeKey !== undefined) {
          const begun = rt.idempotency.begin(storeKey, bodyHash, rt.now());
          if (begun.kind === 'mismatch') {
            throw new ApiError(
              422,
              'IDEMPOTENCY_MISMATCH',
              'Idempotency-Key was already used with a different body',
            );
          }
          if (begun.kind === 'in-progress') {
            throw new ApiError(
              409,
              'IDEMPOTENCY_IN_PROGRESS',
              'a request with this Idempotency-Key is still running',
              {},
              1,
            );
          }
          if (begun.kind === 'replay') {
            rt.stats.idempotentReplays++;
            ctx.replayed = true;
            ctx.malformed = malformed;
            reply.header('idempotent-replayed', 'true');
            return sendAnswer(reply, begun.answer.body, malformed);
          }
        }
        try {
          if ((await injectFaults(rt, 'predict', idempotencyKey ?? bodyHash, reply)) === 'dropped')
            return reply;
          const model = rt.models.get(body.model);
          if (model === undefined) {
            throw new ApiError(
              422,
              'UNKNOWN_MODEL',
              `unknown model "${body.model.slice(0, 100)}"; GET /v1/models lists them`,
            );
          }
          const order = resolveColumnOrder(model, body.columns);
          const cells = body.columns?.length ?? model.inputs.length;
          const results = body.rows.map((row) => predictRow(model, order, cells, row));
          const text = JSON.stringify({ model: model.name, modelVersion: model.version, results });
          if (storeKey !== undefined)
            rt.idempotency.complete(storeKey, { status: 200, body: text }, rt.now());
          rt.stats.rowsPredicted += results.length;
          ctx.malformed = malformed;
          if (malformed !== undefined) rt.stats.faultsInjected++;
          return sendAnswer(reply, text, malformed);
        } finally {
          // No-op after complete(); otherwise frees the key so that a retry of a failed attempt can run.
          if (storeKey !== undefined) rt.idempotency.release(storeKey);
        }
      },
    );
}
