import type { RowResult } from './contract';

/**
 * Shapes results into the 2D array a custom function returns: one output row per input row, the same
 * width everywhere (Sheets needs a rectangle), error text where a row failed, blanks for blank rows.
 */

export type OutputCell = string | number | boolean;

/** Every per-row error cell starts with this: users filter on it, reruns look for it. */
export const ERROR_CELL_PREFIX = '#ERROR ';

export function errorCellText(code: string, message: string): string {
  return `${ERROR_CELL_PREFIX}${code}: ${message}`;
}

function widthOf(result: RowResult | undefined): number {
  return result?.ok && Array.isArray(result.value) ? result.value.length : 1;
}

function cellsOf(result: RowResult | undefined, width: number): OutputCell[] {
  const cells: OutputCell[] = new Array(width).fill('');
  if (result === undefined) return cells;
  if (!result.ok) {
    cells[0] = errorCellText(result.error.code, result.error.message);
    return cells;
  }
  const values = Array.isArray(result.value) ? result.value : [result.value];
  values.forEach((value, i) => {
    cells[i] = value === null ? '' : value;
  });
  return cells;
}

/** `results[i]` undefined means row i was blank and gets blank cells. */
export function shapeOutput(
  results: ReadonlyArray<RowResult | undefined>,
  headerNames: string[] | null,
): OutputCell[][] {
  const width = Math.max(1, headerNames?.length ?? 0, ...results.map(widthOf));
  const rows = results.map((result) => cellsOf(result, width));
  if (headerNames === null) return rows;
  const header: OutputCell[] = new Array(width).fill('');
  headerNames.forEach((name, i) => {
    header[i] = name;
  });
  return [header, ...rows];
}
