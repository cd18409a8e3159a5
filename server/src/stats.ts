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
    reset() {
      stats.requests = 0;
      stats.predictRequests = 0;
      stats.rowsPredicted = 0;
      stats.byStatus = {};
      stats.idempotentReplays = 0;
      stats.faultsInjected = 0;
    },
  };
  return stats;
}

export function countStatus(stats: ServerStats, status: number | 'dropped'): void {
  const key = String(status);
  stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
}
