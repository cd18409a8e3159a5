import { SheetBridgeError } from '../../core/errors';
import { loadSettings, requireBaseUrl } from '../../core/settings';
import { readRecord, writeRecord } from '../../gas/document-store';
import { withDocumentLock } from '../../gas/lock';
import {
  a1Of,
  activeSelection,
  type CellBlock,
  columnNumber,
  ensureColumns,
  readValues,
} from '../../gas/spreadsheet';
import type { PredictEnvironment } from '../predict/environment';
import { outputNamesVia } from '../predict/predict-function';
import type { StartJobRequest, StartJobResult } from '../sidebar/rpc-types';
import { JOB_KEY, type JobRecord, statusOf } from './job-record';
import { isKnownOutputCell, knownOutputs } from './output-registry';

/** A job that has not run a slice for this long is taken as abandoned, so a new run may start. */
const ABANDONED_AFTER_MS = 30 * 60 * 1000;

function blockedByRunningJob(env: PredictEnvironment): JobRecord | null {
  const job = readRecord<JobRecord & { updatedAtMs?: number }>(JOB_KEY);
  if (job?.state !== 'running') return null;
  return env.clock.nowMs() - (job.updatedAtMs ?? 0) < ABANDONED_AFTER_MS ? job : null;
}

function targetColumn(selection: CellBlock, requested: string | undefined): number {
  if (requested === undefined || requested.trim() === '') return selection.column + selection.columns;
  const column = columnNumber(requested);
  if (column === null)
    throw new SheetBridgeError('BAD_INPUT', `"${requested}" is not a column letter: write one such as J.`);
  if (column >= selection.column && column < selection.column + selection.columns) {
    throw new SheetBridgeError(
      'BAD_INPUT',
      `Column ${requested.toUpperCase()} is inside the selection: results never overwrite input cells. Pick a column outside it.`,
    );
  }
  return column;
}

function countForeignCells(target: CellBlock): number {
  const outputs = knownOutputs();
  let foreign = 0;
  readValues(target).forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell === '' || cell === null) return;
      if (!isKnownOutputCell(outputs, target.sheetName, target.row + r, target.column + c)) foreign += 1;
    });
  });
  return foreign;
}

/** Checks the selection and the target, asks before overwriting, and records a new job. */
export function startJob(request: StartJobRequest, env: PredictEnvironment): StartJobResult {
  const settings = loadSettings(env.scriptSettings, env.documentSettings);
  const baseUrl = requireBaseUrl(settings);
  const selection = activeSelection();
  if (!selection)
    throw new SheetBridgeError(
      'BAD_INPUT',
      'Select the input rows first (with their header row if they have one).',
    );
  const dataRows = selection.rows - (request.hasHeader ? 1 : 0);
  if (dataRows < 1)
    throw new SheetBridgeError(
      'BAD_INPUT',
      'The selection has no data rows: select the header row and the rows below it.',
    );
  const running = blockedByRunningJob(env);
  if (running) {
    const status = statusOf(running);
    throw new SheetBridgeError(
      'LOCKED',
      `A run is already in progress (${status.rowsDone} of ${status.rowsTotal} rows): resume or cancel it first.`,
    );
  }
  const model = request.model?.trim() || null;
  const endpoint = { baseUrl, keyId: settings.keyId, secret: settings.secret };
  const outputNames = outputNamesVia(env, settings, endpoint)(model ?? settings.model);
  const outputColumn = targetColumn(selection, request.targetColumn);
  const target: CellBlock = {
    ...selection,
    column: outputColumn,
    columns: Math.max(1, outputNames?.length ?? 1),
  };

  return withDocumentLock(10_000, () => {
    ensureColumns(target.sheetName, target.column + target.columns - 1);
    const foreign = request.rerunFailed ? 0 : countForeignCells(target);
    if (foreign > 0 && !request.overwrite) {
      return {
        kind: 'confirm-overwrite',
        cells: foreign,
        outputA1: a1Of(target),
        message: `${foreign} cells of ${a1Of(target)} already hold data that SheetBridge did not write. Overwrite them?`,
      };
    }
    const job: JobRecord & { updatedAtMs: number } = {
      id: env.crypto.uuid(),
      state: 'running',
      input: selection,
      hasHeader: request.hasHeader,
      model,
      outputColumn,
      outputWidth: target.columns,
      outputNames,
      rerunFailed: request.rerunFailed === true,
      nextOffset: 0,
      rowsFailed: 0,
      slices: 0,
      workMs: 0,
      message: null,
      updatedAtMs: env.clock.nowMs(),
    };
    writeRecord(JOB_KEY, job);
    return { kind: 'started', job: statusOf(job) };
  });
}
