// A sandbox's side of the shared state (shared-state.ts): synchronous calls to the state host thread,
// as the services are synchronous in Apps Script. One call costs one message each way plus a thread
// wake-up (tens of microseconds; see the report in shared-state.test.ts); the cost ledger still
// prices the service call as Apps Script would (cost-model.ts), so a test sees the real-world price.
import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import type { CacheBacking } from '../cache-store';
import { LockState } from '../lock';
import type { PropertyBacking } from '../property-store';
import { awaitReply } from '../sync-port';

/** What a thread needs to use the shared state: pass it in workerData with `port` in transferList. */
export interface SharedStateHandle {
  port: MessagePort;
  counter: SharedArrayBuffer;
  locks: SharedArrayBuffer;
}

export interface StateCall {
  id: number;
  store: string;
  method: string;
  args: unknown[];
}

export type StateReply = { id: number; result?: unknown; error?: string };

/** The host answers in microseconds; a call still unanswered after this means the host is gone. */
const HOST_TIMEOUT_MS = 10_000;

export class StateClient {
  private nextId = 1;
  private readonly counter: Int32Array;

  constructor(private readonly handle: SharedStateHandle) {
    this.counter = new Int32Array(handle.counter);
    // An idle connection must not keep a test run or a worker alive.
    handle.port.unref();
  }

  call(store: string, method: string, args: unknown[]): unknown {
    const id = this.nextId++;
    this.handle.port.postMessage({ id, store, method, args } satisfies StateCall);
    const reply = awaitReply<StateReply>(
      this.handle.port,
      this.counter,
      id,
      performance.now() + HOST_TIMEOUT_MS,
    );
    if (reply === 'timeout') throw new Error(`shared state host did not answer ${store}.${method}`);
    if (reply.error !== undefined) throw new Error(`shared state: ${reply.error}`);
    return reply.result;
  }

  close(): void {
    this.handle.port.close();
  }
}

function remote<T>(client: StateClient, store: string, methods: ReadonlyArray<keyof T & string>): T {
  const out: Record<string, unknown> = {};
  for (const method of methods) out[method] = (...args: unknown[]) => client.call(store, method, args);
  return out as T;
}

export type StoreKind = 'Script' | 'Document' | 'User';

/** The backings a sandbox plugs into its FakeCache / FakeProperties, and the shared locks. */
export interface SharedBackings {
  cache(kind: StoreKind): CacheBacking;
  properties(kind: StoreKind): PropertyBacking;
  lockState: LockState;
  close(): void;
}

export function connectSharedState(handle: SharedStateHandle): SharedBackings {
  const client = new StateClient(handle);
  return {
    cache: (kind) =>
      remote<CacheBacking>(client, `cache:${kind}`, [
        'getAll',
        'putAll',
        'removeAll',
        'size',
        'keys',
        'overwrite',
      ]),
    properties: (kind) =>
      remote<PropertyBacking>(client, `properties:${kind}`, [
        'get',
        'all',
        'keys',
        'write',
        'remove',
        'clear',
      ]),
    lockState: new LockState(handle.locks),
    close: () => client.close(),
  };
}
