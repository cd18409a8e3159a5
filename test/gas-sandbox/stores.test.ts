// CacheService and PropertiesService limits, with a fake clock for expiry.
import { sandboxFor } from './helpers';
import { PROPERTY_QUOTA_MESSAGE } from './properties';

const STORES = `
  function cache(method) {
    var c = CacheService.getScriptCache();
    return c[method].apply(c, Array.prototype.slice.call(arguments, 1));
  }
  function caught(kind, method) {
    var store = kind === 'cache' ? CacheService.getScriptCache() : PropertiesService.getScriptProperties();
    try { store[method].apply(store, Array.prototype.slice.call(arguments, 2)); return null; } catch (e) { return e.message; }
  }
  function props(method) {
    var p = PropertiesService.getScriptProperties();
    var out = p[method].apply(p, Array.prototype.slice.call(arguments, 1));
    return out === p ? 'this' : out;
  }`;

describe('CacheService', () => {
  let clock = 1_000_000;
  const sb = sandboxFor(STORES, { now: () => clock });

  it('stores strings, coerces other values, and ignores null', () => {
    sb.call('cache', 'put', 'a', 'x');
    sb.call('cache', 'put', 'n', 42);
    sb.call('cache', 'put', 'z', null);
    expect(sb.call('cache', 'get', 'n')).toBe('42');
    expect(sb.call('cache', 'get', 'z')).toBeNull();
    expect(sb.call('cache', 'getAll', ['a', 'n', 'missing'])).toEqual({ a: 'x', n: '42' });
    sb.call('cache', 'removeAll', ['a', 'n']);
    expect(sb.call('cache', 'getAll', ['a', 'n'])).toEqual({});
  });

  it('expires entries by the clock: 600 s by default, at most 21600 s', () => {
    sb.call('cache', 'put', 'default', 'v');
    sb.call('cache', 'put', 'long', 'v', 999_999);
    sb.call('cache', 'putAll', { short: 'v' }, 5);
    clock += 5_000;
    expect(sb.call('cache', 'get', 'short')).toBeNull();
    clock += 595_000;
    expect(sb.call('cache', 'get', 'default')).toBeNull();
    expect(sb.call('cache', 'get', 'long')).toBe('v');
    clock += 21_000_000;
    expect(sb.call('cache', 'get', 'long')).toBeNull();
  });

  it('refuses keys over 250 characters and values over 100 KB', () => {
    expect(sb.call('caught', 'cache', 'put', 'k'.repeat(251), 'x')).toBe('Argument too large: key');
    expect(sb.call('caught', 'cache', 'put', 'big', 'v'.repeat(100 * 1024 + 1))).toBe(
      'Argument too large: value',
    );
    expect(sb.call('caught', 'cache', 'put', 'big', 'é'.repeat(60 * 1024))).toBe('Argument too large: value');
    expect(sb.call('caught', 'cache', 'put', 'ok', 'v'.repeat(100 * 1024))).toBeNull();
    expect(sb.call('caught', 'cache', 'put', 'ttl', 'v', 'abc')).toBe("Cannot convert 'abc' to int.");
  });

  it('keeps about 1000 items, evicting the oldest first', () => {
    const fresh = sandboxFor(STORES, { now: () => clock });
    const values: Record<string, string> = {};
    for (let i = 0; i < 1001; i++) values[`k${i}`] = String(i);
    fresh.call('cache', 'putAll', values);
    expect(fresh.caches.script.size()).toBeLessThanOrEqual(1000);
    expect(fresh.call('cache', 'get', 'k0')).toBeNull();
    expect(fresh.call('cache', 'get', 'k1000')).toBe('1000');
  });
});

describe('PropertiesService', () => {
  it('stores strings, coerces values, and chains', () => {
    const sb = sandboxFor(STORES, { scriptProperties: { SHEETBRIDGE_MODEL: 'default' } });
    expect(sb.call('props', 'setProperty', 'SHEETBRIDGE_BATCH_ROWS', 500)).toBe('this');
    expect(sb.call('props', 'getProperty', 'SHEETBRIDGE_BATCH_ROWS')).toBe('500');
    expect(sb.call('props', 'getProperty', 'missing')).toBeNull();
    expect(sb.call('props', 'getKeys')).toEqual(['SHEETBRIDGE_MODEL', 'SHEETBRIDGE_BATCH_ROWS']);
    sb.call('props', 'setProperties', { A: '1' }, true);
    expect(sb.call('props', 'getProperties')).toEqual({ A: '1' });
    sb.call('props', 'deleteAllProperties');
    expect(sb.properties.script.snapshot()).toEqual({});
  });

  it('enforces 9 KB per value and 500 KB per store, changing nothing on failure', () => {
    const sb = sandboxFor(STORES);
    expect(sb.call('caught', 'props', 'setProperty', 'BIG', 'x'.repeat(9 * 1024 + 1))).toBe(
      PROPERTY_QUOTA_MESSAGE,
    );
    expect(sb.call('caught', 'props', 'setProperty', 'OK', 'x'.repeat(9 * 1024))).toBeNull();
    const many: Record<string, string> = {};
    for (let i = 0; i < 60; i++) many[`K${i}`] = 'y'.repeat(9000);
    expect(sb.call('caught', 'props', 'setProperties', many)).toBe(PROPERTY_QUOTA_MESSAGE);
    expect(Object.keys(sb.properties.script.snapshot())).toEqual(['OK']);
  });
});
