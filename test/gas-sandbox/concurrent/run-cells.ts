// Runs a sheet's custom-function formulas as Sheets does (issue 9, item 4): every formula cell is its
// own fresh execution, up to 30 at once per user (PLATFORM.md, Google's quotas page), in no
// guaranteed order, all over ONE set of caches, property stores and locks (shared-state.ts). Each
// worker thread (cell-worker.ts) holds one sandbox with its own FetchBridge; the pool stays up for
// several runs, so that a recalculation is simply `run` again over the same shared stores.
//
//   const runner = await startCellRunner({ spreadsheet, scriptProperties, concurrency: 30 });
//   const first = await runner.run(['Sheet1!I2', 'Sheet1!I3'], { order: 'shuffled', seed: 7 });
//   const recalc = await runner.run(cells);   // same stores: what a recalculation finds
//   await runner.close();
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { SpreadsheetSpec } from '../spreadsheet';
import type { ExecutionReport, HttpCounts, WorkerJob, WorkerReply, WorkerSetup } from './cell-worker';
import { maxOverlap, shuffled } from './order';
import { type SharedState, type SharedStateOptions, startSharedState } from './shared-state';
import { workerBundle } from './worker-bundle';

export interface CellRunnerOptions extends SharedStateOptions {
  /** The bundle; dist/Code.js by default. */
  codePath?: string;
  spreadsheet: SpreadsheetSpec;
  /** Worker threads, so the most executions at once; Sheets allows 30 per user. */
  concurrency?: number;
  locale?: string;
  customFunctionLimitMs?: number;
  fetchTimeoutMs?: number;
}

export interface RunOptions {
  /** 'in-order' (the list's order, the default) or 'shuffled' (reproducible from `seed`, default 1). */
  order?: 'in-order' | 'shuffled';
  seed?: number;
  /** At most this many executions at once in this run (at most the free workers of the pool). */
  concurrency?: number;
}

export interface CellResult extends ExecutionReport {
  cell: string;
}

export interface RunResult {
  /** One per cell, in the order the cells were given. */
  cells: CellResult[];
  /** The cells in the order their executions were started. */
  startOrder: string[];
  wallMs: number;
  /** The most executions running at the same moment. */
  maxConcurrent: number;
  /** Summed over every execution of the run (each worker keeps its own HTTP log). */
  http: HttpCounts;
}

export interface CellRunner {
  run(cells: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** One execution of `name` in a free worker: a custom function (at `cell` when given) or, with `full`, a FULL-mode call. */
  execute(job: { name: string; args?: unknown[]; cell?: string; full?: boolean }): Promise<ExecutionReport>;
  /** Puts a new sheet in every worker (an edit between recalculations); the shared stores stay. */
  setSpreadsheet(spreadsheet: SpreadsheetSpec): Promise<void>;
  /** The shared stores and locks, for the owner to look at or to connect more sandboxes. */
  readonly shared: SharedState;
  readonly size: number;
  close(): Promise<void>;
}

const DEFAULT_CONCURRENCY = 30;

interface PoolWorker {
  worker: Worker;
  busy: boolean;
  pending: Map<number, { resolve(reply: WorkerReply): void; reject(error: Error): void }>;
}

function startWorker(setup: WorkerSetup): Promise<PoolWorker> {
  const worker = new Worker(workerBundle('cell-worker.ts'), {
    workerData: setup,
    transferList: [setup.handle.port],
  });
  const entry: PoolWorker = { worker, busy: false, pending: new Map() };
  worker.on('message', (reply: WorkerReply) => {
    const waiter = entry.pending.get(reply.id);
    entry.pending.delete(reply.id);
    waiter?.resolve(reply);
  });
  const fail = (error: Error) => {
    for (const waiter of entry.pending.values()) waiter.reject(error);
    entry.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`cell runner worker ${setup.index} exited with ${code}`)));
  return new Promise((resolve, reject) => {
    entry.pending.set(0, { resolve: () => resolve(entry), reject });
  });
}

export async function startCellRunner(options: CellRunnerOptions): Promise<CellRunner> {
  const shared = startSharedState(options);
  const size = options.concurrency ?? DEFAULT_CONCURRENCY;
  const workers = await Promise.all(
    Array.from({ length: size }, (_, index) =>
      startWorker({
        index,
        handle: shared.connect(),
        codePath: options.codePath,
        spreadsheet: options.spreadsheet,
        locale: options.locale,
        customFunctionLimitMs: options.customFunctionLimitMs,
        fetchTimeoutMs: options.fetchTimeoutMs,
      }),
    ),
  );
  let nextId = 1;

  /** Sends a job to one worker and waits for its reply; the worker is busy until then. */
  async function send(entry: PoolWorker, job: WorkerJob): Promise<WorkerReply> {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      entry.pending.set(job.id, { resolve, reject });
      entry.worker.postMessage(job, job.type === 'reset' ? [job.handle.port] : []);
    });
    if (reply.failure !== undefined) throw new Error(reply.failure);
    return reply;
  }

  /** Takes up to `count` free workers (busy until `release`); a pool in use by another caller lends what is left. */
  function take(count: number): PoolWorker[] {
    const free = workers.filter((w) => !w.busy).slice(0, count);
    if (free.length === 0) throw new Error('every worker of the cell runner is busy');
    for (const w of free) w.busy = true;
    return free;
  }
  const release = (taken: PoolWorker[]) => {
    for (const w of taken) w.busy = false;
  };

  const execute: CellRunner['execute'] = async (job) => {
    const taken = take(1);
    try {
      const reply = await send(taken[0] as PoolWorker, { id: nextId++, type: 'call', args: [], ...job });
      return reply.report as ExecutionReport;
    } finally {
      release(taken);
    }
  };

  async function run(cells: readonly string[], runOptions: RunOptions = {}): Promise<RunResult> {
    const order = runOptions.order === 'shuffled' ? shuffled(cells, runOptions.seed ?? 1) : [...cells];
    const limit = Math.min(size, runOptions.concurrency ?? size);
    const byCell = new Map<string, CellResult>();
    const queue = [...order];
    const taken = take(limit);
    const started = performance.now();
    // One lane per worker: a lane that finishes a cell starts the next one in the queue, so
    // executions start in the queue's order, `limit` at a time.
    try {
      await Promise.all(
        taken.map(async (entry) => {
          for (let cell = queue.shift(); cell !== undefined; cell = queue.shift()) {
            const reply = await send(entry, { id: nextId++, type: 'cell', cell });
            byCell.set(cell, { cell, ...(reply.report as ExecutionReport) });
          }
        }),
      );
    } finally {
      release(taken);
    }
    const wallMs = performance.now() - started;
    const results = cells.map((cell) => byCell.get(cell) as CellResult);
    const http: HttpCounts = { requests: 0, fetchCalls: 0, fetchAllCalls: 0, byPath: {} };
    for (const r of results) {
      http.requests += r.http.requests;
      http.fetchCalls += r.http.fetchCalls;
      http.fetchAllCalls += r.http.fetchAllCalls;
      for (const [p, n] of Object.entries(r.http.byPath)) http.byPath[p] = (http.byPath[p] ?? 0) + n;
    }
    return {
      cells: results,
      startOrder: [...results].sort((a, b) => a.startedAt - b.startedAt).map((r) => r.cell),
      wallMs,
      maxConcurrent: maxOverlap(results),
      http,
    };
  }

  return {
    run,
    execute,
    async setSpreadsheet(spreadsheet) {
      if (workers.some((w) => w.busy)) throw new Error('setSpreadsheet while the cell runner is in use');
      const taken = take(size);
      try {
        await Promise.all(
          taken.map((entry) =>
            send(entry, { id: nextId++, type: 'reset', handle: shared.connect(), spreadsheet }),
          ),
        );
      } finally {
        release(taken);
      }
    },
    shared,
    size,
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
      await shared.close();
    },
  };
}
