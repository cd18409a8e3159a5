import type { AnswerLedger } from './fingerprint';

/**
 * What the long run needs from the outside world, as PredictEnvironment is for PREDICT: the sheet
 * (where the run's rows are now, their cells, writing answers), the answers and a flag from the
 * document's store. Apps Script gets the adapters (sheet-adapter.ts); unit tests pass fakes.
 */

/** Where the run's rows are NOW: read from markers that Sheets moves with inserted and deleted rows. */
export interface RunLocation {
  sheetName: string;
  /** The header row when the run has one, else the first data row (1-based). */
  firstRow: number;
  /** Header row included. */
  rows: number;
  inputColumn: number;
  inputWidth: number;
  outputColumn: number;
  outputWidth: number;
  /** Column whose value identifies a row, or null. */
  idColumn: number | null;
  hasHeader: boolean;
}

/** The data rows of a run (header excluded), cell for cell. */
export interface RunRows {
  header: unknown[] | null;
  inputs: unknown[][];
  outputs: unknown[][];
  /** One ID per data row when the run has an ID column. */
  ids: unknown[] | null;
}

/** An answer for the data row at `index` (0 = the first row after the header). */
export interface RowWrite {
  index: number;
  cells: unknown[];
}

export interface JobSheet {
  /** Throws a SheetBridgeError when the rows or columns that hold the markers were deleted. */
  locate(): RunLocation;
  read(at: RunLocation): RunRows;
  /** Writes only the listed rows; every other cell of the output column stays as it is. */
  writeOutputs(at: RunLocation, writes: readonly RowWrite[]): void;
  writeHeader(at: RunLocation, names: unknown[]): void;
}

/** Answers for data rows, in order, each exactly `outputWidth` cells; whole-call failures throw. */
export type Predictor = (header: unknown[] | null, rows: unknown[][]) => unknown[][];

export interface RunPorts {
  sheet: JobSheet;
  ledger: AnswerLedger;
  predict: Predictor;
  /** Most rows predicted in one slice (one execution). */
  sliceRows: number;
}
