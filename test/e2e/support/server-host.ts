/**
 * Runs the reference server in its own process for e2e tests, the benchmark and `npm start`.
 * It cannot share the test's thread: the sandbox's synchronous UrlFetchApp blocks that thread until
 * the answer arrives, which a server on the same thread could never send. Commands arrive over IPC.
 */
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../../../server/src';

type Command =
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'resetStats' }
  | { id: number; cmd: 'setFaults'; faults: ReferenceServerOptions['faults'] }
  | { id: number; cmd: 'setKeys'; keys: Record<string, string> }
  | { id: number; cmd: 'restartAfter'; predictRequests: number; downMs: number }
  | { id: number; cmd: 'redeployModel'; name: string; version: string; biasShift: number }
  | { id: number; cmd: 'close' };

const options = JSON.parse(process.env.SB_HOST_OPTIONS ?? '{}') as ReferenceServerOptions & { port?: number };
let server: ReferenceServer;
let keys = options.keys ?? {};
let faults = options.faults;

const reply = (id: number, value: unknown = null) => process.send?.({ id, value });

function snapshot() {
  const { reset: _reset, ...rest } = server.stats as unknown as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest));
}

/** Stops the server once it has seen N predict requests, keeps the port closed for a while, restarts. */
function restartAfter(predictRequests: number, downMs: number): void {
  const port = server.port;
  const timer = setInterval(async () => {
    if ((server.stats as { predictRequests: number }).predictRequests < predictRequests) return;
    clearInterval(timer);
    await server.close();
    setTimeout(async () => {
      server = await startReferenceServer({ ...options, keys, faults, port });
      process.send?.({ event: 'restarted' });
    }, downMs);
  }, 5);
}

process.on('message', async (message: Command) => {
  switch (message.cmd) {
    case 'stats':
      return reply(message.id, snapshot());
    case 'resetStats':
      server.stats.reset();
      return reply(message.id);
    case 'setFaults':
      faults = message.faults;
      server.setFaults(faults);
      return reply(message.id);
    case 'setKeys':
      keys = message.keys;
      server.setKeys(keys);
      return reply(message.id);
    case 'restartAfter':
      restartAfter(message.predictRequests, message.downMs);
      return reply(message.id);
    case 'redeployModel':
      server.redeployModel(message.name, message.version, message.biasShift);
      return reply(message.id);
    case 'close':
      await server.close();
      reply(message.id);
      process.exit(0);
  }
});

startReferenceServer(options).then(
  (started) => {
    server = started;
    process.send?.({ event: 'ready', url: started.url, port: started.port });
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
