import { spreadsheetLocale } from '../../../src/gas/spreadsheet-info';
import { userLocale } from '../../../src/gas/ui';

/** Session and the active spreadsheet as a test sets them; a function value throws like a refused call. */
function install(user: string | (() => never), sheet: string | null | (() => never)) {
  const g = globalThis as Record<string, unknown>;
  g.Session = { getActiveUserLocale: typeof user === 'function' ? user : () => user };
  g.SpreadsheetApp = {
    getActiveSpreadsheet: () =>
      sheet === null ? null : { getSpreadsheetLocale: typeof sheet === 'function' ? sheet : () => sheet },
  };
}

const refused = (): never => {
  throw new Error('You do not have permission to call Session.getActiveUserLocale');
};

afterEach(() => {
  const g = globalThis as Record<string, unknown>;
  delete g.Session;
  delete g.SpreadsheetApp;
});

describe('userLocale', () => {
  it("is the user's locale where it can be read", () => {
    install('ja', 'en_US');
    expect(userLocale()).toBe('ja');
  });

  it("falls back to the spreadsheet's locale when the user's is empty", () => {
    install('', 'ja_JP');
    expect(userLocale()).toBe('ja_JP');
  });

  it('is null when neither can be read: no spreadsheet, an empty locale, a refused call', () => {
    install('', null);
    expect(userLocale()).toBeNull();
    install('', '');
    expect(userLocale()).toBeNull();
    install('', refused);
    expect(userLocale()).toBeNull();
    install(refused, 'ja_JP');
    expect(userLocale()).toBeNull();
  });
});

describe('spreadsheetLocale', () => {
  it("is the spreadsheet's locale, null when there is none or it cannot be read", () => {
    install(refused, 'ja_JP');
    expect(spreadsheetLocale()).toBe('ja_JP');
    install(refused, null);
    expect(spreadsheetLocale()).toBeNull();
    install(refused, refused);
    expect(spreadsheetLocale()).toBeNull();
  });
});
