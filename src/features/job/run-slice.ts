import { isSheetBridgeError, SheetBridgeError } from '../../core/errors';
import { predictRows } from '../../core/predict';
import { loadSettings } from '../../core/settings';
import { neutraliseForSheet } from '../../core/values';
import { readRecord, writeRecord } from '../../gas/document-store';
import { withDocumentLock } from '../../gas/lock';
import { type CellBlock, readValues, writeValues } from '../../gas/spreadsheet';
import { type PredictEnvironment, predictDepsOf } from '../predict/environment';
import type { JobStatus } from '../sidebar/rpc-types';
import { dataRowCount, JOB_KEY, type JobRecord, outputBlock, statusOf } from './job-record';
import { rememberOutput } from './output-registry';

/**
 * Rows per slice: one slice is one execution (6 min limit), and the sidebar's progress bar moves once
 * per slice, so a slice is kept to a few seconds of work: 2,000 rows are 4 parallel requests.
 */
export const SLICE_ROWS = 2_000;
/** API time allowed in one slice; rows it cannot finish become error cells to rerun. */
export const SLICE_API_BUDGET_MS = 60_000;

const ERROR_PREFIX = '#ERROR ';

function loadJob(jobId: string): JobRecord {
  const job = readRecord<JobRecord>(JOB_KEY);
  if (!job || job.id !== jobId)
    throw new SheetBridgeError('BAD_INPUT', 'This run is no longer known: start a new one.');
  return job;
}

function fitWidth(row: unknown[], width: number): unknown[] {
  const cells = row.slice(0, width);
  while (cells.length < width) cells.push('');
  return cells;
}

/** Predicts one slice of rows and writes it; the whole slice is written at once or not at all. */
function predictSlice(job: JobRecord, env: PredictEnvironment, startedMs: number): void {
  const total = dataRowCount(job);
  const firstDataRow = job.input.row + (job.hasHeader ? 1 : 0);
  const count = Math.min(SLICE_ROWS, total - job.nextOffset);
  const slice: CellBlock = { ...job.input, row: firstDataRow + job.nextOffset, rows: count };
  const target: CellBlock = { ...outputBlock(job), row: slice.row, rows: count };
  const inputs = readValues(slice);
  const previous = readValues(target);
  // Rerun mode sends only rows whose earlier output is an error cell; the others stay as they are.
  const selected = inputs.map((row, i) =>
    !job.rerunFailed || String(previous[i]?.[0] ?? '').startsWith(ERROR_PREFIX) ? row : null,
  );
  const header = job.hasHeader ? readValues({ ...job.input, rows: 1 }) : [];
  const settings = loadSettings(env.scriptSettings, env.documentSettings);
  const report = predictRows(
    {
      input: [...header, ...selected.map((row) => row ?? inputs[0]?.map(() => '') ?? [''])],
      model: job.model,
      hasHeader: job.hasHeader,
    },
    predictDepsOf(env, settings, startedMs + SLICE_API_BUDGET_MS),
  );
  const results = job.hasHeader ? report.output.slice(1) : report.output;
  const written = results.map((row, i) =>
    selected[i] === null ? (previous[i] ?? []) : fitWidth(row, job.outputWidth),
  );
  writeValues(
    target,
    written.map((row) => fitWidth(row, job.outputWidth).map(neutraliseForSheet)),
  );
  job.rowsFailed += results.filter(
    (row, i) => selected[i] !== null && String(row[0]).startsWith(ERROR_PREFIX),
  ).length;
  job.nextOffset += count;
}

function writeHeaderNames(job: JobRecord): void {
  const names = fitWidth(job.outputNames ?? [job.model ?? 'prediction'], job.outputWidth);
  writeValues({ ...outputBlock(job), rows: 1 }, [names.map(neutraliseForSheet)]);
}

export function runSlice(jobId: string, env: PredictEnvironment): JobStatus {
  return withDocumentLock(10_000, () => {
    const job = loadJob(jobId);
    if (job.state !== 'running') return statusOf(job);
    const startedMs = env.clock.nowMs();
    try {
      if (job.slices === 0 && job.hasHeader && !job.rerunFailed) writeHeaderNames(job);
      predictSlice(job, env, startedMs);
      if (job.nextOffset >= dataRowCount(job)) job.state = 'done';
    } catch (error) {
      // Whole-call problems (settings, auth, tampering) stop the run; rows written so far stay.
      if (!isSheetBridgeError(error)) throw error;
      job.state = 'failed';
      job.message = `${error.code}: ${error.message}`;
    }
    job.slices += 1;
    job.workMs += env.clock.nowMs() - startedMs;
    rememberOutput(outputBlock(job));
    writeRecord(JOB_KEY, { ...job, updatedAtMs: env.clock.nowMs() });
    return statusOf(job);
  });
}

export function cancelJob(jobId: string, env: PredictEnvironment): JobStatus {
  return withDocumentLock(10_000, () => {
    const job = loadJob(jobId);
    if (job.state === 'running') {
      job.state = 'cancelled';
      const status = statusOf(job);
      job.message = `Cancelled after ${status.rowsDone} of ${status.rowsTotal} rows; the rows after that were not changed.`;
      writeRecord(JOB_KEY, { ...job, updatedAtMs: env.clock.nowMs() });
    }
    return statusOf(job);
  });
}

export function currentJob(): JobStatus | null {
  const job = readRecord<JobRecord>(JOB_KEY);
  return job ? statusOf(job) : null;
}
