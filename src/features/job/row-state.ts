import { ERROR_CELL_PREFIX } from '../../core/output';
import { isBlankRow } from '../../core/values';
import { type AnswerLedger, inputFingerprint, OUTPUT_FP_CHARS, outputFingerprint } from './fingerprint';
import type { RunRows } from './job-ports';

/**
 * The pure decisions of a run, row by row: which rows belong to it, which hold an answer computed
 * from their current inputs, which need one. Everything is decided from content, never position.
 */

/** Ledger value of inputs the run must answer but has not yet: never equal to a real fingerprint. */
export const PENDING = '*'.repeat(OUTPUT_FP_CHARS);

export type RunMode = 'all' | 'failed';

export interface RowView {
  /** Data row index in the run (0 = first row after the header). */
  index: number;
  id: unknown;
  inputs: unknown[];
  fp: string;
  outputFp: string;
  blank: boolean;
  failed: boolean;
}

export function isErrorCell(cell: unknown): boolean {
  return typeof cell === 'string' && cell.startsWith(ERROR_CELL_PREFIX);
}

export function viewRows(rows: RunRows): RowView[] {
  return rows.inputs.map((inputs, index) => {
    const outputs = rows.outputs[index] ?? [];
    const id = rows.ids ? rows.ids[index] : undefined;
    return {
      index,
      id,
      inputs,
      fp: inputFingerprint(inputs, id),
      outputFp: outputFingerprint(outputs),
      blank: isBlankRow(inputs),
      failed: isErrorCell(outputs[0]),
    };
  });
}

/**
 * A full run answers every non-blank row. "Rerun failed rows" answers the rows showing an error
 * cell, and keeps answering the rows it has taken on (in the ledger) even once they show a value:
 * an explicit selection, so no other target cell is ever written.
 */
export function inScope(row: RowView, mode: RunMode, ledger: AnswerLedger): boolean {
  if (row.blank) return false;
  return mode === 'all' || row.failed || ledger.has(row.fp);
}

export function isUpToDate(row: RowView, ledger: AnswerLedger): boolean {
  return ledger.get(row.fp) === row.outputFp;
}

export function needsWork(row: RowView, mode: RunMode, ledger: AnswerLedger): boolean {
  return inScope(row, mode, ledger) && !isUpToDate(row, ledger);
}

/**
 * Predicting a row that is not pending means it changed while the run went on: its inputs are new
 * since the run started, or it was answered and its output no longer matches (moved away, overwritten).
 */
export function isRedo(row: RowView, ledger: AnswerLedger): boolean {
  return ledger.get(row.fp) !== PENDING;
}

/** The run's to-do list when it starts: every row in scope not already answered. */
export function seedLedger(rows: readonly RowView[], mode: RunMode, ledger: AnswerLedger): void {
  for (const row of rows) if (inScope(row, mode, ledger) && !ledger.has(row.fp)) ledger.set(row.fp, PENDING);
}

/** Keeps the ledger to the inputs still in the range, so that it never outgrows the run. */
export function pruneLedger(rows: readonly RowView[], ledger: AnswerLedger): void {
  const present = new Set(rows.map((row) => row.fp));
  for (const fp of [...ledger.keys()]) if (!present.has(fp)) ledger.delete(fp);
}

export interface Progress {
  total: number;
  done: number;
  failed: number;
  remaining: number;
}

export function progressOf(rows: readonly RowView[], mode: RunMode, ledger: AnswerLedger): Progress {
  const progress: Progress = { total: 0, done: 0, failed: 0, remaining: 0 };
  for (const row of rows) {
    if (!inScope(row, mode, ledger)) continue;
    progress.total += 1;
    if (!isUpToDate(row, ledger)) progress.remaining += 1;
    else {
      progress.done += 1;
      if (row.failed) progress.failed += 1;
    }
  }
  return progress;
}
