// One worker thread of the cell runner (run-cells.ts): one sandbox over the shared state, running one
// custom-function execution at a time, each a fresh context as in Apps Script. Thirty of these side by
// side are Sheets' thirty simultaneous executions per user. Each keeps its own FetchBridge.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { FetchBridge } from '../fetch-bridge';
import { cellCall } from '../formula-args';
import { createSandbox, type Sandbox } from '../sandbox';
import type { SpreadsheetSpec } from '../spreadsheet';
import type { SharedStateHandle } from './state-client';

export interface WorkerSetup {
  index: number;
  handle: SharedStateHandle;
  codePath?: string;
  spreadsheet: SpreadsheetSpec;
  locale?: string;
  customFunctionLimitMs?: number;
  fetchTimeoutMs?: number;
}

export type WorkerJob =
  | { id: number; type: 'cell'; cell: string }
  | { id: number; type: 'call'; name: string; args: unknown[]; cell?: string; full?: boolean }
  | { id: number; type: 'reset'; handle: SharedStateHandle; spreadsheet: SpreadsheetSpec };

export interface HttpCounts {
  requests: number;
  fetchCalls: number;
  fetchAllCalls: number;
  /** Requests by URL path ("/v1/predict": 1), so that a test can tell predicts from model look-ups. */
  byPath: Record<string, number>;
}

/** One execution as the runner reports it. Times are epoch ms with sub-ms precision (comparable across threads). */
export interface ExecutionReport {
  output?: unknown;
  error?: string;
  wallMs: number;
  estimatedAppsScriptMs: number;
  /** Service calls of the execution by name ("CacheService.getDocumentCache().getAll": 1). */
  ledger: Record<string, number>;
  http: HttpCounts;
  startedAt: number;
  endedAt: number;
  worker: number;
}

export type WorkerReply = { id: number; report?: ExecutionReport; failure?: string };

const setup = workerData as WorkerSetup;
const now = () => performance.timeOrigin + performance.now();
// One network thread for the worker's life, started now: thirty threads starting at the first fetch
// of a run would make those first executions seconds slower, a cost Apps Script does not have.
const bridge = new FetchBridge();
bridge.run([], 1_000, 30_000);

function build(handle: SharedStateHandle, spreadsheet: SpreadsheetSpec): Sandbox {
  return createSandbox({
    codePath: setup.codePath,
    spreadsheet,
    sharedState: handle,
    fetchBridge: bridge,
    locale: setup.locale,
    customFunctionLimitMs: setup.customFunctionLimitMs,
    fetchTimeoutMs: setup.fetchTimeoutMs,
  });
}

let sandbox = build(setup.handle, setup.spreadsheet);

function execute(job: Exclude<WorkerJob, { type: 'reset' }>): ExecutionReport {
  // A formula the runner cannot evaluate fails the run (thrown here), never passes as the cell's error.
  const call: { name: string; args: unknown[]; cell?: string; full?: boolean } =
    job.type === 'cell' ? cellCall(sandbox.spreadsheet, job.cell) : job;
  sandbox.http.reset();
  const startedAt = now();
  let output: unknown;
  let error: string | undefined;
  try {
    if (call.full) output = sandbox.call(call.name, ...call.args);
    else if (call.cell) output = sandbox.callCustomFunctionAt(call.cell, call.name, ...call.args);
    else output = sandbox.callCustomFunction(call.name, ...call.args);
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown);
  }
  const endedAt = now();
  const cost = sandbox.lastExecution;
  return {
    ...(error === undefined ? { output } : { error }),
    wallMs: cost.wallMs,
    estimatedAppsScriptMs: cost.estimatedAppsScriptMs,
    ledger: Object.fromEntries(cost.ledger.calls),
    http: {
      byPath: countPaths(sandbox.http.requests.map((r) => r.url)),
      requests: sandbox.http.requests.length,
      fetchCalls: sandbox.http.fetchCalls,
      fetchAllCalls: sandbox.http.fetchAllCalls,
    },
    startedAt,
    endedAt,
    worker: setup.index,
  };
}

function countPaths(urls: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const url of urls) {
    const { pathname } = new URL(url);
    counts[pathname] = (counts[pathname] ?? 0) + 1;
  }
  return counts;
}

parentPort?.on('message', async (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    if (job.type === 'reset') {
      await sandbox.close();
      sandbox = build(job.handle, job.spreadsheet);
      reply = { id: job.id };
    } else {
      reply = { id: job.id, report: execute(job) };
    }
  } catch (failure) {
    reply = { id: job.id, failure: failure instanceof Error ? failure.message : String(failure) };
  }
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ id: 0 });
