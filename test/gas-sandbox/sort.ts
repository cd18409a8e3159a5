// Range.sort (developers.google.com/apps-script/reference/spreadsheet/range#sortsortspecobj): "Sorts
// the cells in the given range by the column and order specified", the column given by its number in
// the SHEET, or {column, ascending}, or an array of those. Only the cells of the range move; nothing
// else is promised to follow (see developer-metadata.ts). The order of mixed types is not documented:
// this fake puts numbers and dates first, then text (case-insensitive), then booleans, empty cells
// always last, equal keys in their order (UNVERIFIED beyond "blanks last"). SheetBridge's own code
// never depends on it: it only has to survive rows moving.
import type { CellContent } from './cell-input';
import type { Runtime } from './runtime';

export interface SortKey {
  column: number;
  ascending: boolean;
}

export function sortKeysOf(spec: unknown, runtime: Runtime, firstColumn: number, columns: number): SortKey[] {
  const specs = Array.isArray(spec) ? spec : [spec];
  return specs.map((s) => {
    const key =
      typeof s === 'number'
        ? { column: s, ascending: true }
        : {
            column: Number((s as { column?: unknown }).column),
            ascending: (s as { ascending?: unknown }).ascending !== false,
          };
    if (!Number.isInteger(key.column) || key.column < firstColumn || key.column >= firstColumn + columns) {
      runtime.fail('The sort column must be within the range.');
    }
    return key;
  });
}

function rank(value: unknown): number {
  if (typeof value === 'number' || Object.prototype.toString.call(value) === '[object Date]') return 0;
  if (typeof value === 'string') return 1;
  return 2;
}

function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return Number(a) - Number(b);
  if (ra === 1) return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
  return Number(a) - Number(b);
}

const isEmpty = (cell: CellContent | undefined) => !cell || (cell.formula === '' && cell.value === '');

/** Row order after sorting: a permutation of 0..rows-1. */
export function sortedOrder(
  rows: ReadonlyArray<ReadonlyArray<CellContent | undefined>>,
  keys: readonly SortKey[],
  firstColumn: number,
): number[] {
  return rows
    .map((_, i) => i)
    .sort((i, j) => {
      for (const key of keys) {
        const a = rows[i]?.[key.column - firstColumn];
        const b = rows[j]?.[key.column - firstColumn];
        if (isEmpty(a) || isEmpty(b)) {
          if (isEmpty(a) !== isEmpty(b)) return isEmpty(a) ? 1 : -1;
          continue;
        }
        const order = compareValues(a?.value, b?.value);
        if (order !== 0) return key.ascending ? order : -order;
      }
      return i - j;
    });
}
