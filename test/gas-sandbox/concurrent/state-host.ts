// The state host: ONE thread that owns the script, document and user caches and property stores that
// every sandbox of a concurrent run shares (shared-state.ts starts it). Each sandbox thread reaches
// it synchronously (state-client.ts), and this thread handles one call at a time, so every service
// call is atomic, as a CacheService or PropertiesService call is; two executions racing a
// read-then-write still race, as in Apps Script. The stores are the classes a lone sandbox uses
// (cache-store.ts, property-store.ts): same limits, TTLs and eviction.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { LocalCacheStore } from '../cache-store';
import { LocalPropertyStore } from '../property-store';
import { sendReply } from '../sync-port';
import type { StateCall, StateReply } from './state-client';

type Kind = 'Script' | 'Document' | 'User';
const { properties } = workerData as { properties: Record<Kind, Record<string, string>> };

const stores = new Map<string, object>();
for (const kind of ['Script', 'Document', 'User'] as const) {
  stores.set(`cache:${kind}`, new LocalCacheStore());
  stores.set(`properties:${kind}`, new LocalPropertyStore(properties[kind]));
}

function handle(call: StateCall): StateReply {
  const store = stores.get(call.store) as Record<string, (...args: unknown[]) => unknown> | undefined;
  const method = store?.[call.method];
  if (!store || typeof method !== 'function')
    return { id: call.id, error: `no ${call.store}.${call.method}` };
  try {
    return { id: call.id, result: method.apply(store, call.args) };
  } catch (error) {
    return { id: call.id, error: String((error as Error)?.message ?? error) };
  }
}

// Each connection is a port of its own with its own wake-up counter (one per client thread).
parentPort?.on('message', ({ port, counter }: { port: MessagePort; counter: SharedArrayBuffer }) => {
  const wake = new Int32Array(counter);
  port.on('message', (call: StateCall) => sendReply(port, wake, handle(call)));
});
