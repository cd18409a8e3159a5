import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { FaultConfig, ReferenceServerOptions, ServerStats } from '../../../server/src';

/** The parent side of server-host.ts: start, control and stop a reference server in a child process. */
export interface ServerProcess {
  url: string;
  port: number;
  stats(): Promise<Omit<ServerStats, 'reset'>>;
  resetStats(): Promise<void>;
  setFaults(faults: FaultConfig | undefined): Promise<void>;
  setKeys(keys: Record<string, string>): Promise<void>;
  /** A new version of a model goes live (values shifted by biasShift on the logit). */
  redeployModel(name: string, version: string, biasShift: number): Promise<void>;
  /** Restart the server (same port) after it has seen this many predict requests. */
  restartAfter(predictRequests: number, downMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startServerProcess(
  options: ReferenceServerOptions & { port?: number } = {},
): Promise<ServerProcess> {
  const child: ChildProcess = fork(join(__dirname, 'server-host.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SB_HOST_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 1;
  const ready = new Promise<{ url: string; port: number }>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`reference server exited with ${code} before it was ready`)),
    );
    child.on(
      'message',
      (message: { id?: number; value?: unknown; event?: string; url?: string; port?: number }) => {
        if (message.event === 'ready') resolve({ url: message.url as string, port: message.port as number });
        if (message.id !== undefined) pending.get(message.id)?.(message.value);
      },
    );
  });
  const send = <T>(command: Record<string, unknown>): Promise<T> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (value: unknown) => void);
      child.send({ id, ...command });
    });
  const { url, port } = await ready;
  return {
    url,
    port,
    stats: () => send({ cmd: 'stats' }),
    resetStats: () => send({ cmd: 'resetStats' }),
    setFaults: (faults) => send({ cmd: 'setFaults', faults }),
    setKeys: (keys) => send({ cmd: 'setKeys', keys }),
    redeployModel: (name, version, biasShift) => send({ cmd: 'redeployModel', name, version, biasShift }),
    restartAfter: (predictRequests, downMs) => send({ cmd: 'restartAfter', predictRequests, downMs }),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await send({ cmd: 'close' }).catch(() => undefined);
      await exited;
    },
  };
}
