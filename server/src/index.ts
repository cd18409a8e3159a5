// Programmatic API of the reference server, for end-to-end tests and the benchmark: start it on a free
// loopback port, read its counters, rotate keys or inject faults while it runs, close it gracefully.
import type { AddressInfo } from 'node:net';
import { buildServer } from './app';
import { type FaultConfig, FaultInjector, validateFaultConfig } from './faults';
import { checkKeys, type ReferenceServerOptions } from './runtime';
import type { ServerStats } from './stats';

export { buildServer } from './app';
export type { FaultConfig, MalformedKind, StatusStep } from './faults';
export type { ReferenceServerOptions } from './runtime';
export type { ServerStats } from './stats';

export interface ReferenceServer {
  /** http://127.0.0.1:PORT (or the host it was bound to), without a trailing slash. */
  url: string;
  port: number;
  stats: ServerStats;
  /** Replace the fault config at run time; undefined turns faults off. Resets the PRNG and counters. */
  setFaults(f: FaultConfig | undefined): void;
  /** Replace the accepted keys at run time (rotation): a key id left out is refused from now on. */
  setKeys(keys: Record<string, string>): void;
  /**
   * Deploys another version of a model while the server runs, as a new image would: its answers name
   * `version`, and `biasShift` moves every value so that tests can tell the versions apart.
   */
  redeployModel(name: string, version: string, biasShift?: number): void;
  /** Graceful: stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

export async function startReferenceServer(
  opts: ReferenceServerOptions & { port?: number; host?: string } = {},
): Promise<ReferenceServer> {
  const { port = 0, host = '127.0.0.1', ...options } = opts;
  const { app, runtime } = buildServer(options);
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}${options.basePath ?? ''}`.replace(/\/$/, ''),
    port: address.port,
    stats: runtime.stats,
    setFaults(f) {
      runtime.faults = f === undefined ? undefined : new FaultInjector(validateFaultConfig(f));
    },
    setKeys(keys) {
      runtime.keys = checkKeys(keys);
    },
    redeployModel(name, version, biasShift = 0) {
      const spec = runtime.models.get(name);
      if (spec === undefined) throw new Error(`no model named ${name}`);
      const next = { ...spec, version, bias: spec.bias + biasShift };
      runtime.models.set(name, next);
      if (runtime.defaultModel.name === name) (runtime as { defaultModel: typeof next }).defaultModel = next;
    },
    close() {
      closing ??= app.close();
      return closing;
    },
  };
}
