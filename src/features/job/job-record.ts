import { a1Of, type CellBlock } from '../../gas/spreadsheet';
import type { JobState, JobStatus } from '../sidebar/rpc-types';

/**
 * A "Predict selection" run, kept in Document Properties between slices: each slice is its own
 * execution, and the sidebar may be closed or reloaded between two of them.
 */
export interface JobRecord {
  id: string;
  state: JobState;
  /** The whole selection, header row included. */
  input: CellBlock;
  hasHeader: boolean;
  model: string;
  outputColumn: number;
  outputWidth: number;
  outputNames: string[] | null;
  rerunFailed: boolean;
  /** Data rows (after the header) already handled: the next slice starts here. */
  nextOffset: number;
  rowsFailed: number;
  slices: number;
  /** Time spent inside slices: the basis of the time-left estimate. */
  workMs: number;
  message: string | null;
}

/** The record as stored: with the time of its last change, to tell an abandoned run from a live one. */
export type StoredJob = JobRecord & { updatedAtMs: number };

export const JOB_KEY = 'SHEETBRIDGE_JOB';
/**
 * Cancel is a separate key written without the document lock: a slice holds the lock while it waits
 * for the API, and Cancel must not have to wait for it. The slice reads the key when it ends.
 */
export const CANCEL_KEY = 'SHEETBRIDGE_JOB_CANCEL';

export function dataRowCount(job: JobRecord): number {
  return job.input.rows - (job.hasHeader ? 1 : 0);
}

export function outputBlock(job: JobRecord): CellBlock {
  return { ...job.input, column: job.outputColumn, columns: job.outputWidth };
}

export function statusOf(job: JobRecord): JobStatus {
  const total = dataRowCount(job);
  const done = Math.min(job.nextOffset, total);
  const perRow = done > 0 ? job.workMs / done : null;
  return {
    id: job.id,
    state: job.state,
    sheetName: job.input.sheetName,
    inputA1: a1Of(job.input),
    outputA1: a1Of(outputBlock(job)),
    rowsTotal: total,
    rowsDone: done,
    rowsFailed: job.rowsFailed,
    slices: job.slices,
    elapsedMs: job.workMs,
    etaMs: perRow === null ? null : Math.round(perRow * (total - done)),
    message: job.message,
  };
}
