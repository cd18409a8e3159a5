import { isSheetBridgeError, SheetBridgeError } from '../../core/errors';
import { ERROR_CELL_PREFIX } from '../../core/output';
import { predictRows } from '../../core/predict';
import { loadSettings } from '../../core/settings';
import { neutraliseForSheet } from '../../core/values';
import { readRecord, writeRecord } from '../../gas/document-store';
import { tryWithDocumentLock, withDocumentLock } from '../../gas/lock';
import { type CellBlock, readValues, writeValues } from '../../gas/spreadsheet';
import { type PredictEnvironment, predictDepsOf } from '../predict/environment';
import type { JobStatus } from '../sidebar/rpc-types';
import {
  CANCEL_KEY,
  dataRowCount,
  JOB_KEY,
  type JobRecord,
  outputBlock,
  type StoredJob,
  statusOf,
} from './job-record';
import { rememberOutput } from './output-registry';

/**
 * Rows per slice: one slice is one execution (6 min limit), and the sidebar's progress bar moves once
 * per slice, so a slice is kept to a few seconds of work: 2,000 rows are 4 parallel requests.
 */
export const SLICE_ROWS = 2_000;
/** API time allowed in one slice; rows it cannot finish become error cells to rerun. */
export const SLICE_API_BUDGET_MS = 60_000;

function loadJob(jobId: string): StoredJob {
  const job = readRecord<StoredJob>(JOB_KEY);
  if (!job || job.id !== jobId)
    throw new SheetBridgeError('BAD_INPUT', 'This run is no longer known: start a new one.');
  return job;
}

function fitWidth(row: unknown[], width: number): unknown[] {
  const cells = row.slice(0, width);
  while (cells.length < width) cells.push('');
  return cells;
}

/** Consecutive runs of chosen rows, so that rows not chosen are never written, not even with their own values. */
function runsOf(chosen: boolean[]): Array<{ start: number; length: number }> {
  const runs: Array<{ start: number; length: number }> = [];
  chosen.forEach((isChosen, i) => {
    const last = runs[runs.length - 1];
    if (!isChosen) return;
    if (last && last.start + last.length === i) last.length += 1;
    else runs.push({ start: i, length: 1 });
  });
  return runs;
}

/** Predicts one slice of rows and writes the results, each run of rows with one setValues. */
function predictSlice(job: JobRecord, env: PredictEnvironment, startedMs: number): void {
  const firstDataRow = job.input.row + (job.hasHeader ? 1 : 0);
  const count = Math.min(SLICE_ROWS, dataRowCount(job) - job.nextOffset);
  const slice: CellBlock = { ...job.input, row: firstDataRow + job.nextOffset, rows: count };
  const target: CellBlock = { ...outputBlock(job), row: slice.row, rows: count };
  const inputs = readValues(slice);
  // Rerun mode sends only rows whose earlier output is an error cell; the others are left alone.
  const previous = job.rerunFailed ? readValues(target) : [];
  const chosen = inputs.map(
    (_, i) => !job.rerunFailed || String(previous[i]?.[0] ?? '').startsWith(ERROR_CELL_PREFIX),
  );
  const blank = inputs.map((row) => row.map(() => ''));
  const header = job.hasHeader ? readValues({ ...job.input, rows: 1 }) : [];
  const settings = loadSettings(env.scriptSettings, env.documentSettings);
  const report = predictRows(
    {
      input: [...header, ...inputs.map((row, i) => (chosen[i] ? row : blank[i]))],
      model: job.model,
      hasHeader: job.hasHeader,
    },
    predictDepsOf(env, settings, startedMs + SLICE_API_BUDGET_MS),
  );
  const results = job.hasHeader ? report.output.slice(1) : report.output;
  if ((results[0]?.length ?? 0) > job.outputWidth) {
    throw new SheetBridgeError(
      'BAD_RESPONSE',
      `Model "${job.model}" answered ${results[0]?.length} values per row, but its model list names ${job.outputWidth} outputs: nothing of this slice was written. Check the API's /v1/models.`,
    );
  }
  for (const run of runsOf(chosen)) {
    const rows = results
      .slice(run.start, run.start + run.length)
      .map((row) => fitWidth(row, job.outputWidth));
    writeValues(
      { ...target, row: target.row + run.start, rows: run.length },
      rows.map((row) => row.map(neutraliseForSheet)),
    );
  }
  job.rowsFailed += results.filter(
    (row, i) => chosen[i] && String(row[0]).startsWith(ERROR_CELL_PREFIX),
  ).length;
  job.nextOffset += count;
}

function writeHeaderNames(job: JobRecord): void {
  const names = fitWidth(job.outputNames ?? [job.model], job.outputWidth);
  writeValues({ ...outputBlock(job), rows: 1 }, [names.map(neutraliseForSheet)]);
}

function cancelRequested(job: JobRecord): boolean {
  return readRecord<string>(CANCEL_KEY) === job.id;
}

function markCancelled(job: JobRecord): void {
  const status = statusOf(job);
  job.state = 'cancelled';
  job.message = `Cancelled after ${status.rowsDone} of ${status.rowsTotal} rows; the rows after that were not changed.`;
}

export function runSlice(jobId: string, env: PredictEnvironment): JobStatus {
  return withDocumentLock(10_000, () => {
    const job = loadJob(jobId);
    if (job.state !== 'running') return statusOf(job);
    if (cancelRequested(job)) markCancelled(job);
    const startedMs = env.clock.nowMs();
    if (job.state === 'running') {
      try {
        if (job.slices === 0 && job.hasHeader && !job.rerunFailed) writeHeaderNames(job);
        predictSlice(job, env, startedMs);
        // Registered once something was written: later runs may then overwrite it without asking.
        rememberOutput(outputBlock(job));
        if (job.nextOffset >= dataRowCount(job)) job.state = 'done';
        else if (cancelRequested(job)) markCancelled(job);
      } catch (error) {
        // Whole-call problems (settings, auth, tampering) stop the run; rows written so far stay.
        if (!isSheetBridgeError(error)) throw error;
        job.state = 'failed';
        job.message = `${error.code}: ${error.message}`;
      }
      job.slices += 1;
      job.workMs += env.clock.nowMs() - startedMs;
    }
    writeRecord(JOB_KEY, { ...job, updatedAtMs: env.clock.nowMs() });
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
      writeRecord(JOB_KEY, { ...current, updatedAtMs: env.clock.nowMs() });
    }
    return statusOf(current);
  });
  if (settled) return settled;
  markCancelled(job);
  return { ...statusOf(job), message: 'Cancelling: the slice in progress finishes first.' };
}

export function currentJob(): JobStatus | null {
  const job = readRecord<JobRecord>(JOB_KEY);
  return job ? statusOf(job) : null;
}
