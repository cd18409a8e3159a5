// A custom-function formula as Sheets evaluates its arguments before the call (custom functions guide:
// "a range reference ... as a two-dimensional array", a single cell as its value): `=PREDICT(A2:H2)`,
// `=PREDICT(Data!A2:H100, "churn", TRUE)`, `=F(B3, -1.5)`. Supported: one top-level call of a named
// function whose arguments are references (with an optional sheet name, quoted or not), "text" (""
// for a quote), TRUE/FALSE (any case) and numbers. Not supported (a clear error, never a guess):
// nested calls, operators, omitted arguments, open-ended ranges such as A2:H, named ranges.
// An empty single cell arrives as "" here (UNVERIFIED: some reports say undefined); a formula cell
// arrives as null because the sandbox computes no formula results.
import { parseA1 } from './a1';
import type { Sandbox } from './sandbox';
import type { FakeSheet } from './sheet';
import type { FakeSpreadsheet } from './spreadsheet';

export type FormulaArg =
  | { kind: 'ref'; sheetName: string | undefined; a1: string }
  | { kind: 'value'; value: unknown };

export interface FormulaCall {
  name: string;
  args: FormulaArg[];
}

const CALL = /^=\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\((.*)\)\s*$/s;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const REF = /^(?:('(?:[^']|'')+'|[A-Za-z0-9_.]+)!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$/;

/** Splits on commas outside quotes. */
function splitArgs(text: string, formula: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (quoted) throw new Error(`unclosed text in ${formula}`);
  if (text.trim() !== '' || parts.length > 0) parts.push(current);
  return parts;
}

function parseArg(raw: string, formula: string): FormulaArg {
  const text = raw.trim();
  if (text === '') throw new Error(`omitted arguments are not supported: ${formula}`);
  if (/^".*"$/s.test(text)) return { kind: 'value', value: text.slice(1, -1).replace(/""/g, '"') };
  if (/^(true|false)$/i.test(text)) return { kind: 'value', value: text.toUpperCase() === 'TRUE' };
  if (NUMBER.test(text)) return { kind: 'value', value: Number(text) };
  const ref = REF.exec(text);
  if (!ref) throw new Error(`unsupported argument "${text}" in ${formula}`);
  const sheetName = ref[1]?.replace(/^'(.*)'$/s, '$1').replace(/''/g, "'");
  return { kind: 'ref', sheetName, a1: ref[2] as string };
}

export function parseFormulaCall(formula: string): FormulaCall {
  const match = CALL.exec(formula);
  if (!match) throw new Error(`not a single function call: ${formula}`);
  const body = match[2] as string;
  if (/[()]/.test(body.replace(/"(?:[^"]|"")*"/g, '')))
    throw new Error(`nested calls are not supported: ${formula}`);
  return {
    name: (match[1] as string).toUpperCase(),
    args: splitArgs(body, formula).map((a) => parseArg(a, formula)),
  };
}

/** The value Sheets hands the function for each argument; references read on `callingSheet` unless named. */
export function evaluateArgs(
  spreadsheet: FakeSpreadsheet,
  callingSheet: FakeSheet,
  call: FormulaCall,
): unknown[] {
  return call.args.map((arg) => {
    if (arg.kind === 'value') return arg.value;
    const sheet =
      arg.sheetName === undefined
        ? callingSheet
        : spreadsheet.sheetList().find((s) => s.getName() === arg.sheetName);
    if (!sheet) throw new Error(`no sheet named ${arg.sheetName}`);
    const rect = parseA1(arg.a1)?.resolve(sheet.getMaxRows(), sheet.getMaxColumns());
    if (!rect) throw new Error(`bad reference ${arg.a1}`);
    const rows = Array.from({ length: rect.numRows }, (_, r) =>
      Array.from({ length: rect.numColumns }, (_, c) => sheet.cell(rect.row + r, rect.column + c).value),
    );
    return rect.numRows === 1 && rect.numColumns === 1 ? rows[0]?.[0] : rows;
  });
}

/** Where a cell is: "Sheet1!I2" (or "I2" on the first sheet), read host-side without a service call. */
export function locateCell(
  spreadsheet: FakeSpreadsheet,
  cell: string,
): { sheet: FakeSheet; row: number; column: number } {
  const parsed = parseA1(cell);
  const sheets = spreadsheet.sheetList();
  const sheet =
    parsed?.sheetName === undefined ? sheets[0] : sheets.find((s) => s.getName() === parsed.sheetName);
  const rect = parsed?.resolve(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (!sheet || !rect || rect.numRows !== 1 || rect.numColumns !== 1) throw new Error(`not a cell: ${cell}`);
  return { sheet, row: rect.row, column: rect.column };
}

/** The call Sheets makes for the formula in `cell`: the function, its evaluated arguments, the qualified cell. */
export function cellCall(
  spreadsheet: FakeSpreadsheet,
  cell: string,
): { cell: string; name: string; args: unknown[] } {
  const { sheet, row, column } = locateCell(spreadsheet, cell);
  const formula = sheet.cell(row, column).formula;
  if (!formula) throw new Error(`${cell} holds no formula`);
  const call = parseFormulaCall(formula);
  const qualified = `'${sheet.getName().replace(/'/g, "''")}'!${cell.slice(cell.lastIndexOf('!') + 1)}`;
  return { cell: qualified, name: call.name, args: evaluateArgs(spreadsheet, sheet, call) };
}

/**
 * Calculates the formula in `cell` as Sheets does for a custom function: its arguments evaluated
 * from the sheet, then one fresh execution with `cell` as the calling cell.
 */
export function calculateCell<T = unknown>(sandbox: Sandbox, cell: string): T {
  const call = cellCall(sandbox.spreadsheet, cell);
  return sandbox.callCustomFunctionAt<T>(call.cell, call.name, ...call.args);
}
