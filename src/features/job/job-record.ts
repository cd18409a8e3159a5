import { readRecord } from '../../gas/document-store';
import { a1Of, type CellBlock } from '../../gas/spreadsheet';
import type { JobState, JobStatus } from '../sidebar/rpc-types';

/**
 * A "Predict selection" run, kept in Document Properties between slices: each slice is its own
 * execution, and the sidebar may be closed or reloaded between two of them. Where the rows are is
 * in markers on the sheet (gas/run-markers.ts); which answers were written is in the ledger
 * (ledger-store.ts). This record holds what the sidebar shows.
 */
export interface JobRecord {
  id: string;
  state: JobState;
  /** The whole range, header row included, where it was last seen. */
  input: CellBlock;
  hasHeader: boolean;
  model: string;
  outputColumn: number;
  outputWidth: number;
  outputNames: string[] | null;
  /** Column whose value identifies each row, or null: rows are then matched by content alone. */
  idColumn: number | null;
  rerunFailed: boolean;
  rowsTotal: number;
  rowsDone: number;
  rowsFailed: number;
  /** Rows predicted again because they changed while the run went on. */
  rowsRedone: number;
  slices: number;
  /** Time spent inside slices: the basis of the time-left estimate. */
  workMs: number;
  message: string | null;
  /** Property values the ledger took at its last save. */
  ledgerChunks: number;
}

/** The record as stored: with the time of its last change, to tell an abandoned run from a live one. */
export type StoredJob = JobRecord & { updatedAtMs: number };

export const JOB_KEY = 'SHEETBRIDGE_JOB';
/**
 * Cancel is a separate key written without the document lock: a slice holds the lock while it waits
 * for the API, and Cancel must not have to wait for it. The slice reads the key when it ends.
 */
export const CANCEL_KEY = 'SHEETBRIDGE_JOB_CANCEL';

/**
 * The stored run, or null when there is none or it was recorded by an earlier version (which tracked
 * rows by position and kept no ledger): such a run can neither be resumed nor block a new one.
 */
export function readJob(): StoredJob | null {
  const job = readRecord<StoredJob>(JOB_KEY);
  return job && typeof job.rowsRedone === 'number' && typeof job.ledgerChunks === 'number' ? job : null;
}

export function outputBlock(job: JobRecord): CellBlock {
  return { ...job.input, column: job.outputColumn, columns: job.outputWidth };
}

export function statusOf(job: JobRecord): JobStatus {
  const total = job.rowsTotal;
  const done = Math.min(job.rowsDone, total);
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
    rowsRedone: job.rowsRedone,
    slices: job.slices,
    elapsedMs: job.workMs,
    etaMs: perRow === null ? null : Math.round(perRow * (total - done)),
    message: job.message,
  };
}
