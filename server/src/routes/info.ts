// GET /v1/health (unauthenticated and cheap: load balancers poll it) and GET /v1/models (signed like
// predict: the column lists describe the team's model, which is not for anyone on the internet).
import type { FastifyInstance } from 'fastify';
import { injectFaults } from '../fault-stage';
import { describeModel } from '../model';
import type { Runtime } from '../runtime';
import type { PreValidationHook } from './hooks';

/** Registers the GET routes on `app`, which the caller mounts under the base path. */
export function registerInfoRoutes(app: FastifyInstance, rt: Runtime, signed: PreValidationHook[]) {
  app.get('/v1/health', { config: { sbRoute: 'health' } }, async (_request, reply) => {
    if ((await injectFaults(rt, 'health', undefined, reply)) === 'dropped') return reply;
    return { status: 'ok', modelVersion: rt.defaultModel.version };
  });

  app.get('/v1/models', { config: { sbRoute: 'models' }, preValidation: signed }, async (_request, reply) => {
    if ((await injectFaults(rt, 'models', undefined, reply)) === 'dropped') return reply;
    // The default model first: a client that shows a picker preselects it.
    const models = [...rt.models.values()].sort((a, b) =>
      a === rt.defaultModel ? -1 : b === rt.defaultModel ? 1 : a.name.localeCompare(b.name),
    );
    return { models: models.map(describeModel) };
  });
}
