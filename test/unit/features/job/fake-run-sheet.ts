import type { AnswerLedger } from '../../../../src/features/job/fingerprint';
import type { JobSheet, RunLocation, RunPorts, RunRows } from '../../../../src/features/job/job-ports';

/**
 * An in-memory sheet for the job's logic: a grid of rows, markers that move with inserted rows as
 * Sheets moves developer metadata, and a person who can edit at any moment, also while a request is
 * at the (fake) API.
 */
export class FakeRunSheet implements JobSheet {
  /** Sheet rows, 0-based: grid[0] is row 1. Columns: [id?] inputs..., output. */
  grid: unknown[][];
  firstRow = 1;
  writes: Array<{ row: number; cells: unknown[] }> = [];
  headerWrites = 0;

  constructor(
    rows: unknown[][],
    private readonly layout: { inputWidth: number; hasHeader: boolean; idColumn: boolean },
  ) {
    this.grid = rows.map((row) => [...row]);
  }

  private get offset(): number {
    return this.layout.idColumn ? 1 : 0;
  }

  get outputColumn(): number {
    return this.offset + this.layout.inputWidth + 1;
  }

  locate(): RunLocation {
    return {
      sheetName: 'Data',
      firstRow: this.firstRow,
      rows: this.grid.length - this.firstRow + 1,
      inputColumn: this.offset + 1,
      inputWidth: this.layout.inputWidth,
      outputColumn: this.outputColumn,
      outputWidth: 1,
      idColumn: this.layout.idColumn ? 1 : null,
      hasHeader: this.layout.hasHeader,
    };
  }

  private dataRows(at: RunLocation): unknown[][] {
    return this.grid.slice(at.firstRow - 1 + (at.hasHeader ? 1 : 0), at.firstRow - 1 + at.rows);
  }

  read(at: RunLocation): RunRows {
    const from = at.inputColumn - 1;
    const rows = this.dataRows(at);
    return {
      header: at.hasHeader ? (this.grid[at.firstRow - 1] ?? []).slice(from, from + at.inputWidth) : null,
      inputs: rows.map((row) => row.slice(from, from + at.inputWidth)),
      outputs: rows.map((row) => [row[at.outputColumn - 1] ?? '']),
      ids: at.idColumn === null ? null : rows.map((row) => row[0]),
    };
  }

  writeOutputs(at: RunLocation, writes: ReadonlyArray<{ index: number; cells: unknown[] }>): void {
    for (const write of writes) {
      const row = at.firstRow + (at.hasHeader ? 1 : 0) + write.index;
      (this.grid[row - 1] as unknown[])[at.outputColumn - 1] = write.cells[0];
      this.writes.push({ row, cells: write.cells });
    }
  }

  writeHeader(at: RunLocation, names: unknown[]): void {
    this.headerWrites += 1;
    (this.grid[at.firstRow - 1] as unknown[])[at.outputColumn - 1] = names[0];
  }

  /** A person inserts `count` blank rows above the run: the markers move down with it. */
  insertAbove(count: number): void {
    this.grid.unshift(...Array.from({ length: count }, () => []));
    this.firstRow += count;
  }

  /** Sheet row (1-based) `row`, cell `column` (1-based). */
  set(row: number, column: number, value: unknown): void {
    (this.grid[row - 1] as unknown[])[column - 1] = value;
  }

  output(row: number): unknown {
    return this.grid[row - 1]?.[this.outputColumn - 1];
  }

  /** A person sorts the data rows (header kept on top) with `compare`, whole rows including outputs. */
  sortData(compare: (a: unknown[], b: unknown[]) => number, withOutputs = true): void {
    const start = this.firstRow - 1 + (this.layout.hasHeader ? 1 : 0);
    const rows = this.grid.slice(start);
    if (withOutputs) {
      this.grid.splice(start, rows.length, ...[...rows].sort(compare));
      return;
    }
    const outputs = rows.map((row) => row[this.outputColumn - 1]);
    const sorted = [...rows].sort(compare).map((row, i) => {
      const copy = [...row];
      copy[this.outputColumn - 1] = outputs[i];
      return copy;
    });
    this.grid.splice(start, rows.length, ...sorted);
  }
}

/** The model of these tests: the sum of a row's numbers; "bad" in a row fails it, as an API would. */
export function answerOf(inputs: readonly unknown[]): unknown {
  if (inputs.includes('bad')) return '#ERROR INVALID_ROW: bad cell';
  return inputs.reduce<number>((sum, cell) => sum + (typeof cell === 'number' ? cell : 0), 0);
}

export interface FakeApi {
  predict: RunPorts['predict'];
  calls: unknown[][][];
  /** Runs once during the next call, after the rows were "sent": the person's edit in flight. */
  duringNextCall(edit: () => void): void;
}

export function fakeApi(): FakeApi {
  const edits: Array<() => void> = [];
  const api: FakeApi = {
    calls: [],
    predict: (_header, rows) => {
      api.calls.push(rows.map((row) => [...row]));
      const answers = rows.map((row) => [answerOf(row)]);
      edits.shift()?.();
      return answers;
    },
    duringNextCall: (edit) => {
      edits.push(edit);
    },
  };
  return api;
}

export function portsOf(sheet: FakeRunSheet, api: FakeApi, ledger: AnswerLedger, sliceRows = 4): RunPorts {
  return { sheet, ledger, predict: api.predict, sliceRows };
}
