import { SheetBridgeError } from '../../core/errors';
import { neutraliseForSheet } from '../../core/values';
import { findRunMarkers } from '../../gas/run-markers';
import { type CellBlock, readValues, writeValues } from '../../gas/spreadsheet';
import type { JobSheet, RowWrite, RunLocation, RunRows } from './job-ports';
import type { JobRecord } from './job-record';

/** The JobSheet port over the active spreadsheet: markers say where the run is, cells are read whole. */

/** Consecutive runs of rows, so that rows not chosen are never written, not even with their own values. */
export function runsOf(indexes: readonly number[]): Array<{ start: number; length: number }> {
  const runs: Array<{ start: number; length: number }> = [];
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last.start + last.length === index) last.length += 1;
    else runs.push({ start: index, length: 1 });
  }
  return runs;
}

function lost(what: string): SheetBridgeError {
  return new SheetBridgeError(
    'BAD_INPUT',
    `The ${what} of this run was deleted, so where its rows are is no longer known. Rows written so far are kept: select the rows again and start a new run.`,
  );
}

export function sheetOf(job: JobRecord): JobSheet {
  const dataBlock = (at: RunLocation, column: number, columns: number): CellBlock => ({
    sheetName: at.sheetName,
    row: at.firstRow + (at.hasHeader ? 1 : 0),
    rows: at.rows - (at.hasHeader ? 1 : 0),
    column,
    columns,
  });
  return {
    locate() {
      const markers = findRunMarkers(job.id, job.input.sheetName);
      if (markers.firstRow === undefined) throw lost('first row');
      if (markers.lastRow === undefined) throw lost('last row');
      if (markers.inputColumn === undefined) throw lost('first input column');
      if (markers.outputColumn === undefined) throw lost('first output column');
      if (job.idColumn !== null && markers.idColumn === undefined) throw lost('ID column');
      return {
        sheetName: job.input.sheetName,
        firstRow: markers.firstRow,
        rows: markers.lastRow - markers.firstRow + 1,
        inputColumn: markers.inputColumn,
        inputWidth: job.input.columns,
        outputColumn: markers.outputColumn,
        outputWidth: job.outputWidth,
        idColumn: markers.idColumn ?? null,
        hasHeader: job.hasHeader,
      };
    },
    read(at): RunRows {
      const header = at.hasHeader
        ? (readValues({ ...dataBlock(at, at.inputColumn, at.inputWidth), row: at.firstRow, rows: 1 })[0] ??
          null)
        : null;
      if (dataBlock(at, 1, 1).rows < 1)
        return { header, inputs: [], outputs: [], ids: at.idColumn ? [] : null };
      const inputs = readValues(dataBlock(at, at.inputColumn, at.inputWidth));
      const outputs = readValues(dataBlock(at, at.outputColumn, at.outputWidth));
      const ids =
        at.idColumn === null ? null : readValues(dataBlock(at, at.idColumn, 1)).map((row) => row[0]);
      return { header, inputs, outputs, ids };
    },
    writeOutputs(at, writes: readonly RowWrite[]) {
      const byIndex = new Map(writes.map((write) => [write.index, write.cells]));
      const first = dataBlock(at, at.outputColumn, at.outputWidth);
      for (const run of runsOf([...byIndex.keys()])) {
        const rows = Array.from({ length: run.length }, (_, i) =>
          (byIndex.get(run.start + i) ?? []).map(neutraliseForSheet),
        );
        writeValues({ ...first, row: first.row + run.start, rows: run.length }, rows);
      }
    },
    writeHeader(at, names) {
      writeValues({ ...dataBlock(at, at.outputColumn, at.outputWidth), row: at.firstRow, rows: 1 }, [
        names.map(neutraliseForSheet),
      ]);
    },
  };
}
