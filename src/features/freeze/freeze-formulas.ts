import { neutraliseForSheet } from '../../core/values';
import { withDocumentLock } from '../../gas/lock';
import {
  a1Of,
  activeSelection,
  type CellBlock,
  readFormulas,
  readValues,
  sheetSize,
  writeValues,
} from '../../gas/spreadsheet';
import { confirm, inform } from '../../gas/ui';
import { type Language, t } from '../../i18n';
import { argumentRows, isPredictFormula } from './spill';

/** Sheets' error values: a formula showing one has no result worth keeping. */
const ERROR_VALUE = /^#(ERROR!|REF!|N\/A|NAME\?|VALUE!|NUM!|DIV\/0!|NULL!|SPILL!)$/;

interface Area {
  block: CellBlock;
  /** Offset of the block inside the bounding block read once. */
  rowOffset: number;
}

/**
 * Every PREDICT anchor in the selection, with its results: as many rows as its argument and the
 * selection's columns from the anchor rightwards (the user shows how wide the results are).
 */
function plan(selection: CellBlock): { areas: Area[]; unreadable: string[] } {
  const { lastRow } = sheetSize(selection.sheetName);
  const areas: Area[] = [];
  const unreadable: string[] = [];
  readFormulas(selection).forEach((row, r) => {
    row.forEach((formula, c) => {
      if (!isPredictFormula(formula)) return;
      const anchor = { sheetName: selection.sheetName, row: selection.row + r, column: selection.column + c };
      const rows = argumentRows(formula, Math.max(1, lastRow - anchor.row + 1));
      if (rows === null) unreadable.push(a1Of({ ...anchor, rows: 1, columns: 1 }));
      else
        areas.push({
          block: { ...anchor, rows, columns: selection.column + selection.columns - anchor.column },
          rowOffset: r,
        });
    });
  });
  return { areas, unreadable };
}

/** Values of an area: PREDICT results become plain values; other formulas inside it are kept. */
function frozenValues(
  area: Area,
  values: unknown[][],
  formulas: string[][],
  selection: CellBlock,
): unknown[][] {
  const firstColumn = area.block.column - selection.column;
  return Array.from({ length: area.block.rows }, (_, r) =>
    Array.from({ length: area.block.columns }, (_, c) => {
      const formula = formulas[area.rowOffset + r]?.[firstColumn + c] ?? '';
      if (formula !== '' && !isPredictFormula(formula)) return formula;
      return neutraliseForSheet(values[area.rowOffset + r]?.[firstColumn + c] ?? '');
    }),
  );
}

/** Replaces the PREDICT formulas of the selection, and the results they spill, by their current values. */
export function freezeSelection(language: Language): void {
  const selection = activeSelection();
  const { areas, unreadable } = selection ? plan(selection) : { areas: [], unreadable: [] };
  if (!selection || areas.length + unreadable.length === 0) {
    inform('SheetBridge', t(language, 'freeze.none'));
    return;
  }
  if (unreadable.length > 0) {
    inform('SheetBridge', t(language, 'freeze.unreadable', { cells: unreadable.slice(0, 5).join(', ') }));
    if (areas.length === 0) return;
  }
  const range = areas
    .map((a) => a1Of(a.block))
    .slice(0, 5)
    .join(', ');
  if (!confirm('SheetBridge', t(language, 'freeze.confirm', { count: areas.length, range }))) return;
  const outcome = withDocumentLock(10_000, () => {
    // One read of everything involved, however many anchors: reads are the slow part in Apps Script.
    const height = Math.max(...areas.map((a) => a.rowOffset + a.block.rows));
    const bounding: CellBlock = { ...selection, rows: height };
    const values = readValues(bounding);
    const formulas = readFormulas(bounding);
    const pending = areas.some((a) =>
      values
        .slice(a.rowOffset, a.rowOffset + a.block.rows)
        .some((row) =>
          row
            .slice(a.block.column - selection.column)
            .some((v) => v === 'Loading...' || ERROR_VALUE.test(String(v))),
        ),
    );
    if (pending) return 'pending';
    for (const area of areas) writeValues(area.block, frozenValues(area, values, formulas, selection));
    return 'done';
  });
  // Dialogs wait for the user: never while holding the lock that runs in progress need.
  inform(
    'SheetBridge',
    t(language, outcome === 'done' ? 'freeze.done' : 'freeze.pending', { count: areas.length, range }),
  );
}
