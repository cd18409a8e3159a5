import { SheetBridgeError } from '../../core/errors';
import { loadSettings, requireBaseUrl } from '../../core/settings';
import { deleteRecord, readRecord, writeRecord } from '../../gas/document-store';
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
import { modelOutputNames } from '../predict/model-outputs';
import type { StartJobRequest, StartJobResult } from '../sidebar/rpc-types';
import { CANCEL_KEY, JOB_KEY, type StoredJob, statusOf } from './job-record';
import { isKnownOutputCell, knownOutputs } from './output-registry';

/** A job that has not run a slice for this long is taken as abandoned, so a new run may start. */
const ABANDONED_AFTER_MS = 30 * 60 * 1000;

function refuseIfRunning(env: PredictEnvironment): void {
  const job = readRecord<StoredJob>(JOB_KEY);
  if (job?.state !== 'running' || env.clock.nowMs() - job.updatedAtMs >= ABANDONED_AFTER_MS) return;
  const status = statusOf(job);
  throw new SheetBridgeError(
    'LOCKED',
    `A run is already in progress (${status.rowsDone} of ${status.rowsTotal} rows): resume or cancel it first.`,
  );
}

/** Where results go: never over an input cell, whatever the width of the model's output. */
function targetBlock(selection: CellBlock, requested: string | undefined, width: number): CellBlock {
  let column = selection.column + selection.columns;
  if (requested !== undefined && requested.trim() !== '') {
    const chosen = columnNumber(requested);
    if (chosen === null) {
      throw new SheetBridgeError('BAD_INPUT', `"${requested}" is not a column letter: write one such as J.`);
    }
    column = chosen;
  }
  const lastSelected = selection.column + selection.columns - 1;
  if (column <= lastSelected && column + width - 1 >= selection.column) {
    throw new SheetBridgeError(
      'BAD_INPUT',
      `Results need ${width} column(s) from ${requested?.toUpperCase() ?? 'there'}, which reach into the selection: results never overwrite input cells. Pick a column outside it.`,
    );
  }
  return { ...selection, column, columns: width };
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
  if (!selection) {
    throw new SheetBridgeError(
      'BAD_INPUT',
      'Select the input rows first (with their header row if they have one).',
    );
  }
  if (selection.rows - (request.hasHeader ? 1 : 0) < 1) {
    throw new SheetBridgeError(
      'BAD_INPUT',
      'The selection has no data rows: select the header row and the rows below it.',
    );
  }
  // Fixed for the whole run, so that a settings change between slices cannot mix two models.
  const model = request.model?.trim() || settings.model;
  const outputNames = modelOutputNames(env, settings, {
    baseUrl,
    keyId: settings.keyId,
    secret: settings.secret,
  })(model);
  if (outputNames === null) {
    throw new SheetBridgeError(
      'UNAVAILABLE',
      `Could not read the outputs of model "${model}" from the API's model list, so the width of the results is unknown. Use Test connection, then try again.`,
    );
  }
  const target = targetBlock(selection, request.targetColumn, outputNames.length);

  return withDocumentLock(10_000, () => {
    refuseIfRunning(env);
    const foreign = request.rerunFailed ? 0 : countForeignCells(target);
    if (foreign > 0 && !request.overwrite) {
      return {
        kind: 'confirm-overwrite',
        cells: foreign,
        outputA1: a1Of(target),
        message: `${foreign} cells of ${a1Of(target)} already hold data that SheetBridge did not write. Overwrite them?`,
      };
    }
    ensureColumns(target.sheetName, target.column + target.columns - 1);
    const job: StoredJob = {
      id: env.crypto.uuid(),
      state: 'running',
      input: selection,
      hasHeader: request.hasHeader,
      model,
      outputColumn: target.column,
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
    deleteRecord(CANCEL_KEY);
    return { kind: 'started', job: statusOf(job) };
  });
}
