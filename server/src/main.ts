// Container entry point: configuration from the environment, listen, and shut down gracefully on
// SIGTERM (ECS sends it when stopping a task, after the load balancer has drained the target).
import { buildServer } from './app';
import { ConfigError, type MainConfig, parseEnv } from './config';

async function main(): Promise<void> {
  let config: MainConfig;
  try {
    config = parseEnv(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`sheetbridge server: configuration error: ${e.message}\n`);
    process.exit(2);
  }
  const { app, runtime } = buildServer(config.options);
  const keyIds = [...runtime.keys.keys()];
  await app.listen({ port: config.port, host: config.host });
  // Key ids are not secret and help to confirm a rotation; secrets are never logged.
  app.log.info(
    {
      address: app.server.address(),
      keyIds,
      requireSignature: runtime.requireSignature,
      models: [...runtime.models.values()].map((m) => `${m.name}@${m.version}`),
      faults: runtime.faults !== undefined,
    },
    'listening',
  );
  if (keyIds.length === 0) app.log.warn('no keys configured (SB_KEYS): requests are accepted unsigned');
  if (runtime.faults !== undefined) app.log.warn({ faults: runtime.faults.config }, 'FAULT INJECTION IS ON');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting without waiting for in-flight requests');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down: no new connections, waiting for in-flight requests');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sheetbridge server: failed to start: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
