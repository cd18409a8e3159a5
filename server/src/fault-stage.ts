// Where injected faults enter a request: after authentication and idempotency (so injected 429/503 are
// signed and never stored, like a real overloaded app behind the load balancer), before the model runs.
import type { FastifyReply } from 'fastify';
import { ApiError, codeForStatus } from './errors';
import type { RouteName } from './request-context';
import type { Runtime } from './runtime';
import { countStatus } from './stats';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Applies latency, dropped connections and injected statuses. Returns 'dropped' when the socket was
 * destroyed (the caller must stop), throws an ApiError for an injected status.
 */
export async function injectFaults(
  rt: Runtime,
  route: RouteName,
  attemptKey: string | undefined,
  reply: FastifyReply,
): Promise<'dropped' | 'continue'> {
  const faults = rt.faults;
  if (faults === undefined || route === 'other' || !faults.appliesTo(route)) return 'continue';
  const delay = faults.delayMs();
  if (delay > 0) await sleep(delay);
  if (faults.shouldDropConnection()) {
    rt.stats.faultsInjected++;
    countStatus(rt.stats, 'dropped');
    reply.hijack();
    reply.raw.socket?.destroy();
    return 'dropped';
  }
  const injected = faults.injectedStatus(attemptKey);
  if (injected === undefined) return 'continue';
  rt.stats.faultsInjected++;
  const retryAfter =
    injected.retryAfterS === undefined
      ? undefined
      : injected.retryAfterDate === true
        ? new Date(rt.now() + injected.retryAfterS * 1000).toUTCString()
        : injected.retryAfterS;
  throw new ApiError(
    injected.status,
    codeForStatus(injected.status),
    `injected fault: HTTP ${injected.status}`,
    {},
    retryAfter,
  );
}
