// Developer metadata on whole rows and columns, and a person's inserts, deletes and sorts, as Sheets
// does them (developer-metadata.ts, sort.ts); edits during a fetch (in-flight.ts); flush.
import { sandboxFor, startTestServer, type TestServer } from './helpers';

const SCRIPT = `
  function sheet() { return SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Data'); }
  function mark(a1, key, value) {
    sheet().getRange(a1).addDeveloperMetadata(key, value, SpreadsheetApp.DeveloperMetadataVisibility.PROJECT);
  }
  function markCaught(a1) { try { mark(a1, 'k', 'v'); return null; } catch (e) { return e.message; } }
  function where(key) {
    return sheet().createDeveloperMetadataFinder().withKey(key).find().map(function (m) {
      var at = m.getLocation();
      var type = at.getLocationType();
      return [m.getValue(), String(type), type === SpreadsheetApp.DeveloperMetadataLocationType.ROW
        ? at.getRow().getRow() : at.getColumn().getColumn(), m.getVisibility() === SpreadsheetApp.DeveloperMetadataVisibility.PROJECT];
    });
  }
  function onRow(a1) { return sheet().getRange(a1).getDeveloperMetadata().map(function (m) { return m.getKey(); }); }
  function removeAll(key) {
    SpreadsheetApp.getActiveSpreadsheet().createDeveloperMetadataFinder().withKey(key).find()
      .forEach(function (m) { m.remove(); });
  }
  function insertBefore(row, n) { sheet().insertRowsBefore(row, n); }
  function deleteRows(row, n) { sheet().deleteRows(row, n); }
  function insertColumnsBefore(column, n) { sheet().insertColumnsBefore(column, n); }
  function sort(a1, spec) { sheet().getRange(a1).sort(spec); }
  function column(a1) { return sheet().getRange(a1).getValues().map(function (r) { return r[0]; }); }
  function fetchThenRead(url) {
    var before = sheet().getRange('A1').getValue();
    UrlFetchApp.fetchAll([{ url: url, muteHttpExceptions: true }]);
    var after = sheet().getRange('A1').getValue();
    SpreadsheetApp.flush();
    return [before, after];
  }`;

function fresh() {
  return sandboxFor(SCRIPT, {
    spreadsheet: {
      sheets: [
        {
          name: 'Data',
          values: [
            ['a', 1],
            ['b', 2],
            ['c', 3],
            ['d', 4],
            ['e', 5],
          ],
        },
      ],
    },
  });
}

describe('developer metadata on rows and columns', () => {
  it('sits on a whole row or column only, with the text Sheets gives for any other range', async () => {
    const sandbox = fresh();
    sandbox.call('mark', '3:3', 'run', 'first');
    sandbox.call('mark', 'B:B', 'run', 'output');
    expect(sandbox.call('where', 'run')).toEqual([
      ['first', 'ROW', 3, true],
      ['output', 'COLUMN', 2, true],
    ]);
    expect(sandbox.call('onRow', '3:3')).toEqual(['run']);
    expect(sandbox.call('onRow', '4:4')).toEqual([]);
    expect(sandbox.call('markCaught', 'A1:B2')).toMatch(/arbitrary ranges is not currently supported/);
    expect(sandbox.call('markCaught', '2:3')).toMatch(/entire row or column/);
    await sandbox.close();
  });

  it('moves down with rows inserted above it and stays put for rows inserted below it', async () => {
    const sandbox = fresh();
    sandbox.call('mark', '3:3', 'run', 'first');
    sandbox.call('mark', '5:5', 'run', 'last');
    sandbox.call('insertBefore', 1, 10);
    sandbox.call('insertBefore', 15, 2); // inside: between the two marked rows
    sandbox.call('insertBefore', 20, 4); // below the last marked row (now 17)
    expect(sandbox.call('where', 'run')).toEqual([
      ['first', 'ROW', 13, true],
      ['last', 'ROW', 17, true],
    ]);
    expect(sandbox.call('column', 'A13:A17')).toEqual(['c', 'd', '', '', 'e']);
    await sandbox.close();
  });

  it('moves up when rows above it are deleted, and is deleted with its own row', async () => {
    const sandbox = fresh();
    sandbox.call('mark', '3:3', 'run', 'first');
    sandbox.call('mark', '5:5', 'run', 'last');
    sandbox.call('deleteRows', 1, 1);
    expect(sandbox.call('where', 'run')).toEqual([
      ['first', 'ROW', 2, true],
      ['last', 'ROW', 4, true],
    ]);
    sandbox.call('deleteRows', 4, 1);
    expect(sandbox.call('where', 'run')).toEqual([['first', 'ROW', 2, true]]);
    expect(sandbox.call('column', 'A1:A3')).toEqual(['b', 'c', 'd']);
    await sandbox.close();
  });

  it('column markers move with inserted columns; remove() deletes them', async () => {
    const sandbox = fresh();
    sandbox.call('mark', 'B:B', 'run', 'output');
    sandbox.call('insertColumnsBefore', 1, 2);
    expect(sandbox.call('where', 'run')).toEqual([['output', 'COLUMN', 4, true]]);
    expect(sandbox.call('column', 'D1:D2')).toEqual([1, 2]);
    sandbox.call('removeAll', 'run');
    expect(sandbox.call('where', 'run')).toEqual([]);
    await sandbox.close();
  });

  it('does not follow a sort: only cell contents move', async () => {
    const sandbox = fresh();
    sandbox.call('mark', '1:1', 'run', 'was-a');
    sandbox.call('sort', 'A1:B5', { column: 2, ascending: false });
    expect(sandbox.call('column', 'A1:A5')).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(sandbox.call('where', 'run')).toEqual([['was-a', 'ROW', 1, true]]);
    await sandbox.close();
  });
});

describe('Range.sort', () => {
  it('moves whole rows of the range only; numbers before text, blanks last, ties keep their order', async () => {
    const sandbox = sandboxFor(SCRIPT, {
      spreadsheet: {
        sheets: [
          {
            name: 'Data',
            values: [
              ['x', 'B', 'keep'],
              ['y', '', 'keep'],
              ['z', 3, 'keep'],
              ['w', 'a', 'keep'],
              ['v', 3, 'keep'],
            ],
          },
        ],
      },
    });
    sandbox.call('sort', 'A1:B5', 2);
    expect(sandbox.call('column', 'A1:A5')).toEqual(['z', 'v', 'w', 'x', 'y']);
    expect(sandbox.call('column', 'B1:B5')).toEqual([3, 3, 'a', 'B', '']);
    expect(sandbox.call('column', 'C1:C5')).toEqual(['keep', 'keep', 'keep', 'keep', 'keep']);
    expect(() => sandbox.call('sort', 'A1:B5', 3)).toThrow('The sort column must be within the range.');
    await sandbox.close();
  });
});

describe('a person editing while the script waits for the network', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('runs the edit during the matching fetch: the script reads the sheet as the person left it', async () => {
    const sandbox = fresh();
    sandbox.edits.duringFetch('/nowhere-else', () => {
      throw new Error('must not run for another URL');
    });
    sandbox.edits.duringFetch('/status/200', () => {
      sandbox.spreadsheet.getSheetByName('Data')?.insertRowsBefore(1, 1);
    });
    expect(sandbox.call('fetchThenRead', `${server.url}/status/200`)).toEqual(['a', '']);
    expect(sandbox.edits.waiting).toBe(1);
    expect(sandbox.spreadsheet.flushes).toBe(1);
    await sandbox.close();
  });
});
