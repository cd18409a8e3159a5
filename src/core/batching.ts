import type { JsonCell } from './values';

/** Rows of one request, with their positions in the caller's input so results can be put back. */
export interface Batch {
  /** Index of each row in the caller's list of rows. */
  rowIndexes: number[];
  rows: JsonCell[][];
}

export interface BatchLimits {
  maxRows: number;
  /** Most bytes of serialised rows per request: UrlFetch allows 50 MB, servers usually far less. */
  maxBytes: number;
}

/** UTF-8 length without allocating: Apps Script has no TextEncoder. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Splits rows into batches holding at most `maxRows` rows and about `maxBytes` bytes of row JSON.
 * A single row larger than maxBytes still gets a batch of its own: the server answers 413 for it and
 * that row alone becomes an error cell.
 */
export function splitIntoBatches(rows: JsonCell[][], rowIndexes: number[], limits: BatchLimits): Batch[] {
  const batches: Batch[] = [];
  let current: Batch = { rowIndexes: [], rows: [] };
  let currentBytes = 0;
  rows.forEach((row, i) => {
    const rowBytes = utf8Length(JSON.stringify(row)) + 1; // +1 for the separating comma
    const full = current.rows.length >= limits.maxRows || currentBytes + rowBytes > limits.maxBytes;
    if (current.rows.length > 0 && full) {
      batches.push(current);
      current = { rowIndexes: [], rows: [] };
      currentBytes = 0;
    }
    current.rows.push(row);
    current.rowIndexes.push(rowIndexes[i] ?? i);
    currentBytes += rowBytes;
  });
  if (current.rows.length > 0) batches.push(current);
  return batches;
}

/** Halves a batch after a 413. */
export function splitInHalf(batch: Batch): [Batch, Batch] {
  const middle = Math.ceil(batch.rows.length / 2);
  return [
    { rowIndexes: batch.rowIndexes.slice(0, middle), rows: batch.rows.slice(0, middle) },
    { rowIndexes: batch.rowIndexes.slice(middle), rows: batch.rows.slice(middle) },
  ];
}
