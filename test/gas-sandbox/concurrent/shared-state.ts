// Shared stores for custom-function executions that run in parallel (up to 30 per user, in no
// guaranteed order: PLATFORM.md "Costs and behaviours", Google's quotas page). Sandboxes in different
// worker threads share ONE script cache, ONE document cache, the user cache, the three property stores
// and the locks: the caches and properties live in a state host thread (state-host.ts) that each
// sandbox calls synchronously (state-client.ts); the locks are a SharedArrayBuffer (lock.ts).
//
//   const shared = startSharedState({ scriptProperties: {...} });
//   const sandbox = createSandbox({ sharedState: shared.connect() });   // this thread, or
//   new Worker(file, { workerData: { handle }, transferList: [handle.port] })  // another one
import { MessageChannel, Worker } from 'node:worker_threads';
import type { CacheBacking } from '../cache-store';
import { LockState } from '../lock';
import type { PropertyBacking } from '../property-store';
import {
  connectSharedState,
  type SharedBackings,
  type SharedStateHandle,
  type StoreKind,
} from './state-client';
import { workerBundle } from './worker-bundle';

export type { SharedStateHandle } from './state-client';

export interface SharedStateOptions {
  scriptProperties?: Record<string, string>;
  documentProperties?: Record<string, string>;
  userProperties?: Record<string, string>;
}

export interface SharedState {
  /** A new connection for one sandbox (in any thread); each has its own port. */
  connect(): SharedStateHandle;
  /** The owner's look at the stores, outside any execution: no mode checks, no ledger. */
  cache(kind: StoreKind): CacheBacking;
  properties(kind: StoreKind): PropertyBacking;
  lockState: LockState;
  close(): Promise<void>;
}

export function startSharedState(options: SharedStateOptions = {}): SharedState {
  const host = new Worker(workerBundle('state-host.ts'), {
    workerData: {
      properties: {
        Script: options.scriptProperties ?? {},
        Document: options.documentProperties ?? {},
        User: options.userProperties ?? {},
      },
    },
  });
  host.unref();
  const locks = new LockState().buffer;
  const connect = (): SharedStateHandle => {
    const { port1, port2 } = new MessageChannel();
    const counter = new SharedArrayBuffer(4);
    host.postMessage({ port: port2, counter }, [port2]);
    return { port: port1, counter, locks };
  };
  let own: SharedBackings | undefined;
  const view = () => {
    own ??= connectSharedState(connect());
    return own;
  };
  return {
    connect,
    cache: (kind) => view().cache(kind),
    properties: (kind) => view().properties(kind),
    lockState: new LockState(locks),
    async close() {
      own?.close();
      await host.terminate();
    },
  };
}
