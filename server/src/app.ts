// Builds the Fastify instance: body handling that keeps raw bytes for SB1, the contract's error shape
// for every failure (Fastify's own included), response signing, one log line per request, counters.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import { ApiError, type ErrorCode } from './errors';
import { defaultModelsDir, loadModels } from './model';
import { EMPTY_BODY } from './request-context';
import { makeResponseSigner } from './response-signing';
import { makeAuthHook, parseJsonBody } from './routes/hooks';
import { registerInfoRoutes } from './routes/info';
import { registerPredictRoute } from './routes/predict';
import { createRuntime, type ReferenceServerOptions, type Runtime } from './runtime';
import { countStatus, trackInFlight } from './stats';

export interface BuiltServer {
  app: FastifyInstance;
  runtime: Runtime;
}

// Pino redaction: signatures and secrets must never reach a log even if someone logs headers later.
const REDACT = {
  paths: [
    'req.headers["x-sb-signature"]',
    'req.headers.authorization',
    'res.headers["x-sb-response-signature"]',
    'headers["x-sb-signature"]',
  ],
  censor: '[redacted]',
};

function loggerOption(logger: ReferenceServerOptions['logger']) {
  if (logger === undefined || logger === false) return false;
  // Level names instead of pino's numbers: log queries in CloudWatch read "level":"error".
  const formatters = { level: (label: string) => ({ level: label }) };
  return { level: 'info', formatters, ...(logger === true ? {} : logger), redact: REDACT };
}

function normaliseBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === '' || basePath === '/') return '';
  if (!/^\/[A-Za-z0-9._~\-/]*[^/]$/.test(basePath))
    throw new Error(`basePath "${basePath}" must look like /ml`);
  return basePath;
}

/** Maps any thrown error (ours or Fastify's) to the contract's {"error":{"code","message"}} shape. */
function toApiError(error: FastifyError | ApiError, rt: Runtime): ApiError {
  if (error instanceof ApiError) return error;
  if (error.validation) return new ApiError(400, 'BAD_REQUEST', error.message);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
    return new ApiError(413, 'BODY_TOO_LARGE', `body is larger than ${rt.maxBodyBytes} bytes`, {
      maxRows: rt.maxRows,
      maxBytes: rt.maxBodyBytes,
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (bad content length, unsupported media type...) are bad requests here.
    return new ApiError(400, 'BAD_REQUEST', error.message);
  }
  return new ApiError(500, 'INTERNAL', 'internal error');
}

export function buildServer(options: ReferenceServerOptions = {}): BuiltServer {
  const models = loadModels(options.modelsDir ?? defaultModelsDir());
  const rt = createRuntime(options, models);
  const prefix = normaliseBasePath(options.basePath);

  const app = Fastify({
    logger: loggerOption(options.logger),
    // We write one line per request ourselves (with rows and model), so Fastify's two lines are noise.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: rt.maxBodyBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Above the ALB's 60 s idle timeout, so the ALB never reuses a connection we just closed.
    keepAliveTimeout: rt.timeouts.keepAliveMs,
    requestTimeout: rt.timeouts.requestMs,
    // headersTimeout is Node's own: a client that dribbles its headers (slowloris) is cut off after it.
    // Node enforces both only when it checks its connections, every 30 s by default: check every second.
    http: {
      headersTimeout: rt.timeouts.headersMs,
      requestTimeout: rt.timeouts.requestMs,
      connectionsCheckingInterval: Math.min(1000, rt.timeouts.headersMs),
    },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });

  app.decorateRequest('sb', null as never);
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.config.sbRoute ?? 'other';
    request.sb = { route, rawBody: EMPTY_BODY };
    rt.stats.requests++;
    if (route === 'predict') {
      rt.stats.predictRequests++;
      trackInFlight(rt.stats, reply.raw);
    }
    reply.header('x-request-id', request.id);
  });
  app.addHook('onSend', makeResponseSigner(rt));
  // Node keeps a kept-alive socket open after an in-flight answer, which would hold close() until the
  // keep-alive timeout: tell the client to hang up instead, so shutdown ends when the work ends.
  app.addHook('preClose', async () => {
    rt.closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (rt.closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    countStatus(rt.stats, reply.statusCode);
    const sb = request.sb;
    // Load balancers poll health every few seconds: at info level those lines would drown the rest.
    const level = sb?.route === 'health' && reply.statusCode === 200 ? 'debug' : 'info';
    request.log[level](
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
        rows: sb?.rows,
        model: sb?.model,
        keyId: sb?.keyId,
        replayed: sb?.replayed,
      },
      'request',
    );
  });

  // Every body arrives as raw bytes: SB1 signs the bytes, and JSON is parsed only after authentication.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const apiError = toApiError(error, rt);
    if (apiError.status >= 500 && !(error instanceof ApiError))
      request.log.error({ err: error }, 'unhandled error');
    if (apiError.retryAfter !== undefined) {
      const value = apiError.retryAfter;
      reply.header('retry-after', typeof value === 'number' ? String(Math.ceil(value)) : value);
    }
    return reply.code(apiError.status).type('application/json; charset=utf-8').send(apiError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const code: ErrorCode = 'NOT_FOUND';
    return reply
      .code(404)
      .send({ error: { code, message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });

  // One prefix for every route (the base path a load balancer forwards unchanged), instead of pasting it
  // into each path.
  app.register(
    async (api) => {
      registerPredictRoute(api, rt, [makeAuthHook(rt), parseJsonBody]);
      registerInfoRoutes(api, rt, [makeAuthHook(rt)]);
    },
    { prefix },
  );
  return { app, runtime: rt };
}
