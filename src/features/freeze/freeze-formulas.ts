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
import { type Language, t } from '../../ui/i18n';
import { isPredictFormula, spillArea } from './spill';

/** How far below and right of an anchor a spill is looked for; a formula takes at most 50,000 rows. */
const MAX_SPILL_COLUMNS = 26;

function anchorsIn(selection: CellBlock): Array<{ row: number; column: number; formula: string }> {
  const anchors: Array<{ row: number; column: number; formula: string }> = [];
  readFormulas(selection).forEach((row, r) => {
    row.forEach((formula, c) => {
      if (isPredictFormula(formula))
        anchors.push({ row: selection.row + r, column: selection.column + c, formula });
    });
  });
  return anchors;
}

/** Replaces the PREDICT formulas of the selection, and everything they spill, by their current values. */
export function freezeSelection(language: Language): void {
  const selection = activeSelection();
  const anchors = selection ? anchorsIn(selection) : [];
  if (!selection || anchors.length === 0) {
    inform('SheetBridge', t(language, 'freeze.none'));
    return;
  }
  const range = a1Of(selection);
  if (!confirm('SheetBridge', t(language, 'freeze.confirm', { count: anchors.length, range }))) return;
  withDocumentLock(10_000, () => {
    const { lastRow, maxColumns } = sheetSize(selection.sheetName);
    const areas = anchors.map((anchor) => {
      const around: CellBlock = {
        sheetName: selection.sheetName,
        row: anchor.row,
        column: anchor.column,
        rows: Math.max(1, lastRow - anchor.row + 1),
        columns: Math.min(MAX_SPILL_COLUMNS, maxColumns - anchor.column + 1),
      };
      const values = readValues(around);
      const spill = spillArea(anchor.formula, values, readFormulas(around));
      return {
        block: { ...around, rows: spill.rows, columns: spill.columns },
        values: values.slice(0, spill.rows).map((r) => r.slice(0, spill.columns)),
      };
    });
    const pending = areas.some(({ values }) =>
      values.some((row) => row.some((v) => v === '#ERROR!' || v === 'Loading...')),
    );
    if (pending) {
      inform('SheetBridge', t(language, 'freeze.pending'));
      return;
    }
    for (const { block, values } of areas)
      writeValues(
        block,
        values.map((row) => row.map(neutraliseForSheet)),
      );
    inform('SheetBridge', t(language, 'freeze.done', { count: anchors.length, range }));
  });
}
