// The sandbox's runtime itself: the script's realm, the bundle's shape, calls, errors and time limits.
import { sandboxFor } from './helpers';

describe('the script context', () => {
  it('has no Node globals, only what Apps Script V8 has plus the services', () => {
    const sb = sandboxFor(`
      function probe() {
        return ['require', 'process', 'setTimeout', 'setInterval', 'Buffer', 'fetch', 'module', 'exports',
                '__dirname', 'TextEncoder', 'URL', 'queueMicrotask'].filter(function (n) {
          return typeof globalThis[n] !== 'undefined';
        });
      }
      function services() {
        return [typeof UrlFetchApp, typeof CacheService, typeof PropertiesService, typeof Utilities,
                typeof LockService, typeof SpreadsheetApp, typeof HtmlService, typeof Session,
                typeof ScriptApp, typeof Logger, typeof console.log, typeof JSON, typeof Intl];
      }`);
    expect(sb.call('probe')).toEqual([]);
    expect(sb.call<string[]>('services').every((t) => t === 'object' || t === 'function')).toBe(true);
  });

  it('runs the bundle shape: var global = this, top-level stubs, an IIFE assigning global.NAME', () => {
    const sb = sandboxFor(`
      /** @customfunction */
      function DOUBLE(x) {}
      function onOpen(e) {}
      (function () {
        function realDouble(x) { return x * 2; }
        global.DOUBLE = realDouble;
        global.onOpen = function (e) { SpreadsheetApp.getUi().createAddonMenu().addItem('Run', 'run').addToUi(); return e.authMode; };
      })();`);
    expect(sb.callCustomFunction('DOUBLE', 21)).toBe(42);
    expect(sb.callWithAuthMode('onOpen', 'NONE', {})).toBe('NONE');
    expect(sb.ui.menus).toEqual([{ title: 'Add-on', items: [{ caption: 'Run', functionName: 'run' }] }]);
    expect(typeof sb.context.DOUBLE).toBe('function');
  });

  it('copies arguments into the context realm so instanceof works there', () => {
    const sb = sandboxFor(`
      function kinds(d, rows, obj) {
        return [d instanceof Date, rows instanceof Array, rows[0] instanceof Array, obj instanceof Object,
                rows[1][0] instanceof Date, d.getTime()];
      }`);
    const when = new Date('2024-05-06T07:08:09Z');
    expect(sb.call('kinds', when, [[1, 2], [new Date(0)]], { a: 1 })).toEqual([
      true,
      true,
      true,
      true,
      true,
      when.getTime(),
    ]);
  });

  it('evaluates the project afresh for every execution: no module state survives', () => {
    const sb = sandboxFor(`
      var counter = 0;
      function bump() { counter++; return counter; }`);
    expect(sb.call('bump')).toBe(1);
    expect(sb.call('bump')).toBe(1);
  });

  it('surfaces script errors with their message, and names a missing function', () => {
    const sb = sandboxFor(`
      function boom() { throw new Error('Not configured: set SHEETBRIDGE_BASE_URL'); }
      function typeErr() { return null.x; }`);
    expect(() => sb.callCustomFunction('boom')).toThrow('Not configured: set SHEETBRIDGE_BASE_URL');
    expect(() => sb.call('typeErr')).toThrow(TypeError);
    expect(() => sb.call('nope')).toThrow('Script function not found: nope');
  });

  it('answers Session and ScriptApp from the options', () => {
    const sb = sandboxFor(
      `function who() { return [Session.getActiveUserLocale(), Session.getScriptTimeZone(), ScriptApp.getScriptId(),
                                 ScriptApp.AuthMode.CUSTOM_FUNCTION, Session.getEffectiveUser().getEmail()]; }`,
      { locale: 'ja', userEmail: 'owner@example.com' },
    );
    expect(sb.call('who')).toEqual([
      'ja',
      'Etc/UTC',
      'sandbox-script-id',
      'CUSTOM_FUNCTION',
      'owner@example.com',
    ]);
  });

  it('captures console.* and Logger.log', () => {
    const sb = sandboxFor(
      `function talk() { console.log('a', 1); console.warn({ k: 'v' }); Logger.log('b %s', 'c'); }`,
    );
    sb.call('talk');
    expect(sb.logs).toEqual(['a 1', "{ k: 'v' }", 'b c']);
  });
});

describe('time limits', () => {
  it('ends a custom function that runs past its limit, even while it sleeps', () => {
    const sb = sandboxFor(`function SLOW() { Utilities.sleep(400); return 'done'; }`, {
      customFunctionLimitMs: 200,
    });
    const started = Date.now();
    expect(() => sb.callCustomFunction('SLOW')).toThrow('Exceeded maximum execution time');
    expect(Date.now() - started).toBeLessThan(380);
  });

  it('cuts a synchronous infinite loop, and the script cannot catch the kill', () => {
    const sb = sandboxFor(
      `function spin() { while (true) {} }
       function sneaky() { try { Utilities.sleep(500); } catch (e) { return 'caught'; } return 'slept'; }`,
      { executionLimitMs: 150 },
    );
    expect(() => sb.call('spin')).toThrow('Exceeded maximum execution time');
    expect(() => sb.call('sneaky')).toThrow('Exceeded maximum execution time');
    expect(sb.spreadsheet.getSheets()).toHaveLength(1); // the host can still inspect after a kill
  });

  it('lets Utilities.sleep really block within the limit', () => {
    const sb = sandboxFor(
      `function nap() { var t = Date.now(); Utilities.sleep(120); return Date.now() - t; }`,
    );
    expect(sb.call<number>('nap')).toBeGreaterThanOrEqual(115);
  });
});

describe('custom-function restrictions', () => {
  const source = `
    function READ() { return SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Data').getRange('A1').getValue(); }
    function WRITE() { SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Data').getRange('A1').setValue(1); }
    function UI() { return SpreadsheetApp.getUi(); }
    function PROP() { return PropertiesService.getScriptProperties().getProperty('K'); }
    function SETPROP() { PropertiesService.getUserProperties().setProperty('K', 'v'); }
    function EMAIL() { return Session.getActiveUser().getEmail(); }`;
  const opts = { scriptProperties: { K: 'v' }, spreadsheet: { sheets: [{ name: 'Data', values: [['x']] }] } };

  it('reads the spreadsheet and properties but cannot write or reach the UI', () => {
    const sb = sandboxFor(source, opts);
    expect(sb.callCustomFunction('READ')).toBe('x');
    expect(sb.callCustomFunction('PROP')).toBe('v');
    expect(() => sb.callCustomFunction('WRITE')).toThrow('You do not have permission to call setValue');
    expect(() => sb.callCustomFunction('UI')).toThrow(
      'Cannot call SpreadsheetApp.getUi() from this context.',
    );
    expect(() => sb.callCustomFunction('SETPROP')).toThrow('You do not have permission to call setProperty');
    expect(sb.callCustomFunction('EMAIL')).toBe('');
  });

  it('allows all of it from a menu action', () => {
    const sb = sandboxFor(source, opts);
    sb.call('WRITE');
    expect(sb.spreadsheet.getSheetByName('Data')?.dump().values).toEqual([[1]]);
    sb.call('SETPROP');
    expect(sb.properties.user.snapshot()).toEqual({ K: 'v' });
    expect(sb.call('EMAIL')).toBe('user@example.com');
  });

  it('refuses authorized services in AuthMode.NONE and UrlFetchApp in LIMITED', () => {
    const sb = sandboxFor(`
      function onOpen(e) { return PropertiesService.getDocumentProperties().getProperty('x'); }
      function fetchIt(e) { UrlFetchApp.fetch('http://127.0.0.1:9/'); }`);
    expect(() => sb.callWithAuthMode('onOpen', 'NONE')).toThrow(
      'You do not have permission to call PropertiesService.getDocumentProperties',
    );
    expect(sb.callWithAuthMode('onOpen', 'LIMITED')).toBeNull();
    expect(() => sb.callWithAuthMode('fetchIt', 'LIMITED')).toThrow(
      'You do not have permission to call UrlFetchApp.fetch',
    );
  });
});
