import { SheetBridgeError } from '../../core/errors';
import { loadSettings } from '../../core/settings';
import { deleteRecord, writeRecord } from '../../gas/document-store';
import { withDocumentLock } from '../../gas/lock';
import { placeRunMarkers } from '../../gas/run-markers';
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
import { CANCEL_KEY, JOB_KEY, readJob, type StoredJob, statusOf } from './job-record';
import { clearLedger, MAX_RUN_ROWS } from './ledger-store';
import { isKnownOutputCell, knownOutputs } from './output-registry';

/** A job that has not run a slice for this long is taken as abandoned, so a new run may start. */
const ABANDONED_AFTER_MS = 30 * 60 * 1000;

function refuseIfRunning(env: PredictEnvironment): void {
  const job = readJob();
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

/** The ID column: any column but the results' own, which the run writes. */
function idColumnOf(requested: string | undefined, target: CellBlock): number | null {
  if (requested === undefined || requested.trim() === '') return null;
  const column = columnNumber(requested);
  if (column === null) {
    throw new SheetBridgeError('BAD_INPUT', `"${requested}" is not a column letter: write one such as A.`);
  }
  if (column >= target.column && column < target.column + target.columns) {
    throw new SheetBridgeError(
      'BAD_INPUT',
      `The ID column ${requested.toUpperCase()} is where the results go: pick the column that identifies your rows.`,
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
  // Names the endpoint now: NOT_CONFIGURED comes before anything else is looked at.
  const outputNamesOf = modelOutputNames(env, settings);
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
  const outputNames = outputNamesOf(model);
  if (outputNames === null) {
    throw new SheetBridgeError(
      'UNAVAILABLE',
      `Could not read the outputs of model "${model}" from the API's model list, so the width of the results is unknown. Use Test connection, then try again.`,
    );
  }
  const target = targetBlock(selection, request.targetColumn, outputNames.length);
  const idColumn = idColumnOf(request.idColumn, target);
  if (selection.rows > MAX_RUN_ROWS + 1) {
    throw new SheetBridgeError(
      'BAD_INPUT',
      `The selection has ${selection.rows} rows; one run handles at most ${MAX_RUN_ROWS}. Select fewer rows and run again for the rest.`,
    );
  }

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
    const id = env.crypto.uuid();
    // From here on the run finds its rows by these markers, wherever people move them.
    placeRunMarkers(id, selection.sheetName, {
      firstRow: selection.row,
      lastRow: selection.row + selection.rows - 1,
      inputColumn: selection.column,
      outputColumn: target.column,
      ...(idColumn === null ? {} : { idColumn }),
    });
    clearLedger();
    const job: StoredJob = {
      id,
      state: 'running',
      input: selection,
      hasHeader: request.hasHeader,
      model,
      outputColumn: target.column,
      outputWidth: target.columns,
      outputNames,
      idColumn,
      rerunFailed: request.rerunFailed === true,
      rowsTotal: selection.rows - (request.hasHeader ? 1 : 0),
      rowsDone: 0,
      rowsFailed: 0,
      rowsRedone: 0,
      ledgerChunks: 0,
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
