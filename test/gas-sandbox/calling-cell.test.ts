// A custom function run for a cell (callCustomFunctionAt, calculateCell): the calling cell is the
// active range, formulas read back as Apps Script gives them, arguments arrive as Sheets evaluates
// them, and the spreadsheet is read-only.
import { calculateCell, parseFormulaCall } from './formula-args';
import { sandboxFor } from './helpers';

const SCRIPT = `
  function HERE() {
    var app = SpreadsheetApp, book = app.getActiveSpreadsheet(), cell = app.getActiveRange();
    return [[cell.getA1Notation(), cell.getSheet().getName(), cell.getFormula(), app.getActiveSheet().getName(),
             book.getActiveRange().getA1Notation(), book.getActiveSheet().getName()]];
  }
  function NEIGHBOURS() {
    var cell = SpreadsheetApp.getActiveRange();
    return cell.getSheet().getRange(1, cell.getColumn(), 4, 1).getFormulas();
  }
  function ARGS() { return JSON.stringify(Array.prototype.slice.call(arguments)); }
  function WRITE(what) {
    var cell = SpreadsheetApp.getActiveRange();
    try {
      if (what === 'value') cell.offset(0, 1).setValue(1);
      if (what === 'formula') cell.setFormula('=1');
      if (what === 'activate') cell.activate();
      if (what === 'sheet') cell.getSheet().insertRowsAfter(1, 1);
      return 'wrote';
    } catch (e) { return e.message; }
  }`;

function sandbox() {
  return sandboxFor(SCRIPT, {
    spreadsheet: {
      sheets: [
        {
          name: 'Data',
          values: [
            ['age', 'plan', 'note'],
            [34, 'pro', ''],
            [51, 'free', "'TRUE"],
          ],
          formulas: [
            [],
            [],
            [],
            ['=ARGS(A2:B3, A2, C2, C3, "say ""hi""", true, -1.5)', '=HERE()', '=NEIGHBOURS()'],
          ],
        },
        { name: "Bob's", formulas: [['=HERE()', "=ARGS(Data!A2:A3, 'Bob''s'!B2)"]] },
      ],
    },
  });
}

describe('a custom function run for a cell', () => {
  it('sees the calling cell as the active range and sheet, with its formula', () => {
    const sb = sandbox();
    expect(sb.callCustomFunctionAt('Data!B4', 'HERE')).toEqual([
      ['B4', 'Data', '=HERE()', 'Data', 'B4', 'Data'],
    ]);
    expect(sb.callCustomFunctionAt("'Bob''s'!A1", 'HERE')).toEqual([
      ['A1', "Bob's", '=HERE()', "Bob's", 'A1', "Bob's"],
    ]);
    // Outside that execution the selection is back (A1 of the first sheet until something is activated).
    expect(sb.callCustomFunction('HERE')).toEqual([['A1', 'Data', '', 'Data', 'A1', 'Data']]);
  });

  it('reads the formulas around it: "" for cells without one', () => {
    const sb = sandbox();
    expect(sb.callCustomFunctionAt('Data!C4', 'NEIGHBOURS')).toEqual([[''], [''], [''], ['=NEIGHBOURS()']]);
    expect(sb.spreadsheet.getRange('Data!A2:B3').getValues()).toEqual([
      [34, 'pro'],
      [51, 'free'],
    ]);
  });

  it('gets its arguments as Sheets evaluates them: ranges as 2D arrays, one cell as its value, literals typed', () => {
    const sb = sandbox();
    expect(JSON.parse(calculateCell<string>(sb, 'Data!A4'))).toEqual([
      [
        [34, 'pro'],
        [51, 'free'],
      ],
      34,
      '',
      'TRUE',
      'say "hi"',
      true,
      -1.5,
    ]);
    expect(JSON.parse(calculateCell<string>(sb, "'Bob''s'!B1"))).toEqual([[[34], [51]], '']);
    expect(calculateCell(sb, 'Data!B4')).toEqual([['B4', 'Data', '=HERE()', 'Data', 'B4', 'Data']]);
    expect(() => calculateCell(sb, 'Data!A1')).toThrow('Data!A1 holds no formula');
  });

  it('refuses formulas it cannot evaluate', () => {
    expect(parseFormulaCall('=predict(A2:H2)')).toEqual({
      name: 'PREDICT',
      args: [{ kind: 'ref', sheetName: undefined, a1: 'A2:H2' }],
    });
    expect(() => parseFormulaCall('=PREDICT(A2:H2, , TRUE)')).toThrow('omitted arguments');
    expect(() => parseFormulaCall('=PREDICT(ROW(A1))')).toThrow('nested calls');
    expect(() => parseFormulaCall('=A1+1')).toThrow('not a single function call');
    expect(() => parseFormulaCall('=F(A2:H)')).toThrow('unsupported argument');
  });

  it('has read-only access to the spreadsheet', () => {
    const sb = sandbox();
    const at = (what: string) => sb.callCustomFunctionAt('Data!B4', 'WRITE', what);
    expect(at('value')).toBe('You do not have permission to call setValue');
    expect(at('formula')).toBe('You do not have permission to call setFormula');
    expect(at('activate')).toBe('You do not have permission to call setActiveRange');
    expect(at('sheet')).toBe('You do not have permission to call insertRowsAfter');
    expect(sb.spreadsheet.getRange('Data!C4').getFormula()).toBe('=NEIGHBOURS()');
    // The same writes from a menu action (full access) go through.
    expect(sb.call('WRITE', 'value')).toBe('wrote');
  });
});
