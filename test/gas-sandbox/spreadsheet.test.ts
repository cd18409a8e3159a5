// SpreadsheetApp: values parsed as if typed, ranges, selection, UI recording and HtmlService.
import { sandboxFor, writeHtml } from './helpers';

const SCRIPT = `
  function sheet() { return SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Data'); }
  function write(a1, rows) { sheet().getRange(a1).setValues(rows); }
  function read(a1) { var r = sheet().getRange(a1); return { values: r.getValues(), formulas: r.getFormulas(), display: r.getDisplayValues() }; }
  function caught(a1, rows) { try { write(a1, rows); return null; } catch (e) { return e.message; } }
  function shape() {
    var s = sheet(), r = s.getRange(2, 2, 2, 3);
    return [r.getA1Notation(), r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns(), r.offset(1, -1).getA1Notation(),
            s.getLastRow(), s.getLastColumn(), s.getDataRange().getA1Notation(), s.getMaxRows(), s.getMaxColumns(),
            s.getRange('C1').isBlank(), s.getRange('A1').isBlank(), r.getSheet().getName(), s.getRange('A:B').getNumRows()];
  }
  function selection() {
    var ss = SpreadsheetApp.getActive();
    ss.getSheetByName('Data').getRange('B2:C3').activate();
    return [ss.getActiveRange().getA1Notation(), ss.getSelection().getActiveRange().getA1Notation(), ss.getActiveSheet().getName(),
            SpreadsheetApp.getActiveSpreadsheet().getRange('Data!A1').getValue(), ss.getSpreadsheetLocale(), ss.getSpreadsheetTimeZone()];
  }
  function dateKind() { return sheet().getRange('A1').getValue() instanceof Date; }
  function ui() {
    var ui = SpreadsheetApp.getUi();
    ui.createMenu('SheetBridge').addItem('Run on selection', 'menuRun').addSeparator()
      .addSubMenu(ui.createMenu('More').addItem('Help', 'menuHelp')).addToUi();
    var first = ui.alert('Overwrite?', 'Cells are not empty.', ui.ButtonSet.YES_NO);
    var second = ui.alert('Done');
    SpreadsheetApp.getActiveSpreadsheet().toast('Finished', 'SheetBridge');
    ui.showSidebar(HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('SheetBridge'));
    return [first === ui.Button.YES, second === ui.Button.OK, first];
  }
  function template() {
    var t = HtmlService.createTemplate('<b><?= who ?></b><?!= raw ?><? for (var i = 0; i < 2; i++) { ?>.<? } ?>');
    t.who = '<Ann>'; t.raw = '<i>x</i>';
    return t.evaluate().getContent();
  }`;

function fresh() {
  return sandboxFor(SCRIPT, {
    spreadsheet: {
      timeZone: 'Asia/Tokyo',
      sheets: [
        { name: 'Other' },
        {
          name: 'Data',
          values: [
            ['age', 'plan'],
            [34, 'pro'],
          ],
        },
      ],
    },
  });
}

describe('Range.setValues parses strings as if typed', () => {
  it('turns =, numbers, booleans and ISO dates into formulas and typed values; an apostrophe keeps text', () => {
    const sb = fresh();
    sb.call('write', 'A1:H1', [['=1+1', "'=1+1", '+1', '-1', '1e3', 'TRUE', 'hello', 12.5]]);
    const { values, formulas, display } = sb.call<Record<string, unknown[][]>>('read', 'A1:H1');
    expect(values).toEqual([[null, '=1+1', 1, -1, 1000, true, 'hello', 12.5]]);
    expect(formulas).toEqual([['=1+1', '', '', '', '', '', '', '']]);
    expect(display?.[0]?.slice(1)).toEqual(['=1+1', '1', '-1', '1000', 'TRUE', 'hello', '12.5']);
  });

  it('reads ISO dates in the spreadsheet time zone, as context-realm Dates', () => {
    const sb = fresh();
    sb.call('write', 'A1', [['2024-01-02']]);
    expect(sb.call('dateKind')).toBe(true);
    const date = sb.call<{ values: Date[][] }>('read', 'A1').values[0]?.[0];
    expect(new Date(date?.getTime() ?? 0).toISOString()).toBe('2024-01-01T15:00:00.000Z');
  });

  it('checks the data dimensions with Sheets own messages', () => {
    const sb = fresh();
    expect(
      sb.call('caught', 'A1:B3', [
        [1, 2],
        [3, 4],
      ]),
    ).toBe(
      'The number of rows in the data does not match the number of rows in the range. The data has 2 but the range has 3.',
    );
    expect(sb.call('caught', 'A1:B2', [[1, 2], [3]])).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  it('reads empty cells as empty strings', () => {
    expect(fresh().call<Record<string, unknown>>('read', 'A2:C2').values).toEqual([[34, 'pro', '']]);
  });
});

describe('Sheets, ranges and the selection', () => {
  it('reports range geometry and sheet extents', () => {
    expect(fresh().call('shape')).toEqual([
      'B2:D3',
      2,
      2,
      2,
      3,
      'A3:C4',
      2,
      2,
      'A1:B2',
      1000,
      26,
      true,
      false,
      'Data',
      1000,
    ]);
  });

  it('tracks the active range', () => {
    expect(fresh().call('selection')).toEqual(['B2:C3', 'B2:C3', 'Data', 'age', 'en_US', 'Asia/Tokyo']);
  });

  it('lets tests inspect cells after a menu action', () => {
    const sb = fresh();
    sb.call('write', 'C1:C2', [['=PREDICT(A2)'], ['#ERROR TIMEOUT: slow']]);
    expect(sb.spreadsheet.getSheetByName('Data')?.dump()).toEqual({
      values: [
        ['age', 'plan', null],
        [34, 'pro', '#ERROR TIMEOUT: slow'],
      ],
      formulas: [
        ['', '', '=PREDICT(A2)'],
        ['', '', ''],
      ],
    });
  });
});

describe('UI and HtmlService', () => {
  it('records menus, alerts with queued answers, toasts and sidebars', () => {
    const sb = sandboxFor(SCRIPT, { distDir: writeHtml('Sidebar', '<p>sidebar</p>') });
    sb.ui.nextAlertResponses.push('NO');
    expect(sb.call('ui')).toEqual([false, true, 'NO']);
    expect(sb.ui.menus).toEqual([
      {
        title: 'SheetBridge',
        items: [
          { caption: 'Run on selection', functionName: 'menuRun' },
          'separator',
          { subMenu: { title: 'More', items: [{ caption: 'Help', functionName: 'menuHelp' }] } },
        ],
      },
    ]);
    expect(sb.ui.alerts).toEqual([
      { title: 'Overwrite?', prompt: 'Cells are not empty.', buttons: 'YES_NO' },
      { prompt: 'Done' },
    ]);
    expect(sb.ui.toasts).toEqual(['Finished']);
    expect(sb.ui.sidebars).toEqual([{ title: 'SheetBridge', html: '<p>sidebar</p>' }]);
  });

  it('answers prompts from the queues and records dialogs; a missing HTML file throws', () => {
    const sb = sandboxFor(`
      function ask() {
        var ui = SpreadsheetApp.getUi();
        var r = ui.prompt('Base URL', 'Where is the API?', ui.ButtonSet.OK_CANCEL);
        ui.showModalDialog(HtmlService.createHtmlOutput('<p>hi</p>'), 'Hello');
        return [r.getSelectedButton(), r.getResponseText()];
      }
      function missing() { try { HtmlService.createHtmlOutputFromFile('Nope'); } catch (e) { return e.message; } }`);
    sb.ui.nextPromptTexts.push('http://203.0.113.10');
    expect(sb.call('ask')).toEqual(['OK', 'http://203.0.113.10']);
    expect(sb.ui.alerts).toEqual([{ title: 'Base URL', prompt: 'Where is the API?', buttons: 'OK_CANCEL' }]);
    expect(sb.ui.dialogs).toEqual([{ title: 'Hello', html: '<p>hi</p>', modal: true }]);
    expect(sb.call('missing')).toBe('No HTML file named Nope was found.');
  });

  it('evaluates templates with escaped, raw and code scriptlets', () => {
    expect(fresh().call('template')).toBe('<b>&lt;Ann&gt;</b><i>x</i>..');
  });
});
