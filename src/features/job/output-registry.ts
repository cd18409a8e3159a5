import { readRecord, writeRecord } from '../../gas/document-store';
import type { CellBlock } from '../../gas/spreadsheet';

/**
 * Where "Predict selection" has written before: overwriting those cells needs no consent, any other
 * non-empty cell does. Kept short (Document Properties hold 9 KB per value).
 */
const OUTPUTS_KEY = 'SHEETBRIDGE_OUTPUTS';
const MAX_ENTRIES = 30;

export function knownOutputs(): CellBlock[] {
  return readRecord<CellBlock[]>(OUTPUTS_KEY) ?? [];
}

export function rememberOutput(block: CellBlock): void {
  const others = knownOutputs().filter((b) => JSON.stringify(b) !== JSON.stringify(block));
  writeRecord(OUTPUTS_KEY, [block, ...others].slice(0, MAX_ENTRIES));
}

export function isKnownOutputCell(
  outputs: CellBlock[],
  sheetName: string,
  row: number,
  column: number,
): boolean {
  return outputs.some(
    (b) =>
      b.sheetName === sheetName &&
      row >= b.row &&
      row < b.row + b.rows &&
      column >= b.column &&
      column < b.column + b.columns,
  );
}
