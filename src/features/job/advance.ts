import { outputFingerprint } from './fingerprint';
import type { RowWrite, RunLocation, RunPorts } from './job-ports';
import {
  isErrorCell,
  isRedo,
  needsWork,
  type Progress,
  progressOf,
  pruneLedger,
  type RowView,
  type RunMode,
  seedLedger,
  viewRows,
} from './row-state';

/**
 * One slice of a long run, as pure logic over ports: find the rows whose output is missing or stale,
 * predict up to `sliceRows` of them, then re-read the range and write an answer only next to a row
 * whose inputs are still the ones sent (compare-and-set). Rows that changed while their request was
 * at the API are predicted again in the next round of the same slice, or in the next slice.
 */

/** Rounds of compare-and-set in one slice: a person who keeps editing the same rows is left to the next slice. */
export const MAX_ROUNDS = 3;

export interface SliceOutcome extends Progress {
  location: RunLocation;
  /** Rows predicted because they changed during the run. */
  redone: number;
  /** Rows sent to the API in this slice, redone ones included. */
  predicted: number;
  /** Every row in scope holds an answer computed from its current inputs. */
  complete: boolean;
}

export interface SliceRequest {
  mode: RunMode;
  /** The run's first slice: takes the to-do list and writes the header names. */
  first: boolean;
  headerNames: unknown[] | null;
}

function snapshot(ports: RunPorts): { location: RunLocation; rows: RowView[]; header: unknown[] | null } {
  const location = ports.sheet.locate();
  const read = ports.sheet.read(location);
  return { location, rows: viewRows(read), header: read.header };
}

/** Rows that are the same row as one sent: by ID when the run has an ID column, else by place. */
function sameRows(sent: readonly RowView[], rows: readonly RowView[], byId: boolean): RowView[] {
  if (!byId) return sent.map((row) => rows[row.index]).filter((row): row is RowView => row !== undefined);
  const ids = new Set(sent.map((row) => row.id));
  return rows.filter((row) => ids.has(row.id));
}

export function advanceRun(request: SliceRequest, ports: RunPorts): SliceOutcome {
  const { ledger, sheet } = ports;
  let { location, rows, header } = snapshot(ports);
  if (request.first) {
    seedLedger(rows, request.mode, ledger);
    if (request.headerNames && location.hasHeader) sheet.writeHeader(location, request.headerNames);
  }
  const byId = location.idColumn !== null;
  let batch = rows.filter((row) => needsWork(row, request.mode, ledger)).slice(0, ports.sliceRows);
  let redone = 0;
  let predicted = 0;
  for (let round = 0; round < MAX_ROUNDS && batch.length > 0; round++) {
    redone += batch.filter((row) => isRedo(row, ledger)).length;
    predicted += batch.length;
    const answers = new Map<string, unknown[]>();
    ports
      .predict(
        header,
        batch.map((row) => row.inputs),
      )
      .forEach((cells, i) => {
        answers.set((batch[i] as RowView).fp, cells);
      });
    // Re-read right before writing: the person may have sorted, inserted or typed meanwhile.
    ({ location, rows, header } = snapshot(ports));
    const writes: RowWrite[] = [];
    for (const row of rows) {
      const cells = answers.get(row.fp);
      if (cells === undefined || !needsWork(row, request.mode, ledger)) continue;
      writes.push({ index: row.index, cells });
    }
    sheet.writeOutputs(location, writes);
    for (const write of writes) {
      const row = rows[write.index] as RowView;
      const outputFp = outputFingerprint(write.cells);
      ledger.set(row.fp, outputFp);
      rows[write.index] = { ...row, outputFp, failed: isErrorCell(write.cells[0]) };
    }
    // At most the rows of the round before: the slice stays within its time.
    batch = sameRows(batch, rows, byId).filter((row) => needsWork(row, request.mode, ledger));
  }
  pruneLedger(rows, ledger);
  const progress = progressOf(rows, request.mode, ledger);
  return { ...progress, location, redone, predicted, complete: progress.remaining === 0 };
}
