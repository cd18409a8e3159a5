import { isSheetBridgeError, SheetBridgeError } from '../../core/errors';
import { predictRows } from '../../core/predict';
import { loadSettings } from '../../core/settings';
import { readRecord, writeRecord } from '../../gas/document-store';
import { tryWithDocumentLock, withDocumentLock } from '../../gas/lock';
import { removeRunMarkers } from '../../gas/run-markers';
import { flushSheet } from '../../gas/spreadsheet';
import { type PredictEnvironment, predictDepsOf } from '../predict/environment';
import type { JobStatus } from '../sidebar/rpc-types';
import { advanceRun } from './advance';
import type { Predictor } from './job-ports';
import {
  CANCEL_KEY,
  JOB_KEY,
  type JobRecord,
  outputBlock,
  readJob,
  type StoredJob,
  statusOf,
} from './job-record';
import { clearLedger, loadLedger, saveLedger } from './ledger-store';
import { rememberOutput } from './output-registry';
import { sheetOf } from './sheet-adapter';

/**
 * The wiring of one slice: the document lock, the job record, the ledger, and the adapters around
 * advanceRun (advance.ts), where the decisions are.
 */

/**
 * Rows per slice: one slice is one execution (6 min limit), and the sidebar's progress bar moves once
 * per slice, so a slice is kept to a few seconds of work: 2,000 rows are 4 parallel requests.
 */
export const SLICE_ROWS = 2_000;
/** API time allowed in one slice; rows it cannot finish become error cells to rerun. */
export const SLICE_API_BUDGET_MS = 60_000;

function loadJob(jobId: string): StoredJob {
  const job = readJob();
  if (!job || job.id !== jobId)
    throw new SheetBridgeError('BAD_INPUT', 'This run is no longer known: start a new one.');
  return job;
}

function fitWidth(row: unknown[], width: number): unknown[] {
  const cells = row.slice(0, width);
  while (cells.length < width) cells.push('');
  return cells;
}

/** predictRows for the run's model, each answer exactly as wide as the output block. */
function predictorOf(job: JobRecord, env: PredictEnvironment, deadlineMs: number): Predictor {
  const settings = loadSettings(env.scriptSettings, env.documentSettings);
  return (header, rows) => {
    const report = predictRows(
      { input: header ? [header, ...rows] : rows, model: job.model, hasHeader: header !== null },
      predictDepsOf(env, settings, deadlineMs),
    );
    const results = header ? report.output.slice(1) : report.output;
    if ((results[0]?.length ?? 0) > job.outputWidth) {
      throw new SheetBridgeError(
        'BAD_RESPONSE',
        `Model "${job.model}" answered ${results[0]?.length} values per row, but its model list names ${job.outputWidth} outputs: nothing of this slice was written. Check the API's /v1/models.`,
      );
    }
    return results.map((row) => fitWidth(row, job.outputWidth));
  };
}

function predictSlice(job: JobRecord, env: PredictEnvironment, startedMs: number): void {
  const ledger = loadLedger();
  const outcome = advanceRun(
    {
      mode: job.rerunFailed ? 'failed' : 'all',
      first: job.slices === 0,
      headerNames: job.rerunFailed ? null : (job.outputNames ?? [job.model]),
    },
    {
      sheet: sheetOf(job),
      ledger,
      predict: predictorOf(job, env, startedMs + SLICE_API_BUDGET_MS),
      sliceRows: SLICE_ROWS,
    },
  );
  job.ledgerChunks = saveLedger(ledger, job.ledgerChunks);
  const at = outcome.location;
  job.input = {
    sheetName: at.sheetName,
    row: at.firstRow,
    rows: at.rows,
    column: at.inputColumn,
    columns: at.inputWidth,
  };
  job.outputColumn = at.outputColumn;
  job.rowsTotal = outcome.total;
  job.rowsDone = outcome.done;
  job.rowsFailed = outcome.failed;
  job.rowsRedone += outcome.redone;
  if (outcome.complete) job.state = 'done';
}

function cancelRequested(job: JobRecord): boolean {
  return readRecord<string>(CANCEL_KEY) === job.id;
}

function markCancelled(job: JobRecord): void {
  const status = statusOf(job);
  job.state = 'cancelled';
  job.message = `Cancelled after ${status.rowsDone} of ${status.rowsTotal} rows; the rows after that were not changed.`;
}

/** A run that ended leaves neither markers on the sheet nor its ledger in the document's store. */
function endTracking(job: JobRecord): void {
  removeRunMarkers();
  clearLedger();
  job.ledgerChunks = 0;
}

export function runSlice(jobId: string, env: PredictEnvironment): JobStatus {
  return withDocumentLock(10_000, () => {
    const job = loadJob(jobId);
    if (job.state !== 'running') return statusOf(job);
    if (cancelRequested(job)) markCancelled(job);
    const startedMs = env.clock.nowMs();
    if (job.state === 'running') {
      try {
        predictSlice(job, env, startedMs);
        // Registered once something was written: later runs may then overwrite it without asking.
        rememberOutput(outputBlock(job));
        if (job.state === 'running' && cancelRequested(job)) markCancelled(job);
      } catch (error) {
        // Whole-call problems (settings, auth, tampering) stop the run; rows written so far stay.
        if (!isSheetBridgeError(error)) throw error;
        job.state = 'failed';
        job.message = `${error.code}: ${error.message}`;
      }
      job.slices += 1;
      job.workMs += env.clock.nowMs() - startedMs;
    }
    if (job.state !== 'running') endTracking(job);
    writeRecord(JOB_KEY, { ...job, updatedAtMs: env.clock.nowMs() });
    // Written cells reach the sheet before another execution may take the lock and read them.
    flushSheet();
    return statusOf(job);
  });
}

/**
 * Asks the run to stop. Without waiting for the lock: when a slice is running, it sees the request
 * when it ends, and its own rows are still written.
 */
export function cancelJob(jobId: string, env: PredictEnvironment): JobStatus {
  const job = loadJob(jobId);
  if (job.state !== 'running') return statusOf(job);
  writeRecord(CANCEL_KEY, jobId);
  const settled = tryWithDocumentLock(1_000, () => {
    const current = loadJob(jobId);
    if (current.state === 'running') {
      markCancelled(current);
      endTracking(current);
      writeRecord(JOB_KEY, { ...current, updatedAtMs: env.clock.nowMs() });
    }
    return statusOf(current);
  });
  if (settled) return settled;
  markCancelled(job);
  return { ...statusOf(job), message: 'Cancelling: the slice in progress finishes first.' };
}

export function currentJob(): JobStatus | null {
  const job = readJob();
  return job ? statusOf(job) : null;
}
