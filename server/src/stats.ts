// Counters that tests and the benchmark read to prove what actually reached the server (for example that
// a retried batch was computed once, or how many requests a naive client sent).

export interface ServerStats {
  /** Every request that reached a route, including dropped ones. */
  requests: number;
  predictRequests: number;
  /** Rows scored by the model in fresh (not replayed) 200 answers. */
  rowsPredicted: number;
  /** Answers by status code ("200", "503", ...); dropped connections count under "dropped". */
  byStatus: Record<string, number>;
  /** Answers served from the idempotency store. */
  idempotentReplays: number;
  /** Requests answered by fault injection (status faults, drops, malformed bodies). */
  faultsInjected: number;
  /** Predict requests being handled right now (received, answer not yet finished or dropped). */
  inFlight: number;
  /** The most predict requests handled at once since the last reset: what a burst of clients costs. */
  maxInFlight: number;
  reset(): void;
}

export function createStats(): ServerStats {
  const stats: ServerStats = {
    requests: 0,
    predictRequests: 0,
    rowsPredicted: 0,
    byStatus: {},
    idempotentReplays: 0,
    faultsInjected: 0,
    inFlight: 0,
    maxInFlight: 0,
    reset() {
      stats.requests = 0;
      stats.predictRequests = 0;
      stats.rowsPredicted = 0;
      stats.byStatus = {};
      stats.idempotentReplays = 0;
      stats.faultsInjected = 0;
      // Requests still in flight stay counted (they will leave): the peak starts again from them.
      stats.maxInFlight = stats.inFlight;
    },
  };
  return stats;
}

export function countStatus(stats: ServerStats, status: number | 'dropped'): void {
  const key = String(status);
  stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
}

/**
 * Counts one predict request in flight until its response is finished or its connection closes. The
 * raw response's 'close' fires in both cases, so a dropped connection (fault injection) leaves too.
 */
export function trackInFlight(
  stats: ServerStats,
  response: { once(event: 'close', listener: () => void): unknown },
) {
  stats.inFlight++;
  if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
  response.once('close', () => {
    stats.inFlight--;
  });
}
