// Stores shared across threads (concurrent/shared-state.ts) keep every semantic of a lone sandbox's:
// limits and their texts, TTLs by the caller's clock, eviction at 1,000 items, all-or-nothing property
// writes, the cost ledger. Two sandboxes in this thread stand for two executions; cell-runner.test.ts
// covers other threads.
import { performance } from 'node:perf_hooks';
import { type SharedState, startSharedState } from './concurrent/shared-state';
import { writeScript } from './helpers';
import { PROPERTY_QUOTA_MESSAGE } from './properties';
import { createSandbox, type Sandbox } from './sandbox';

const SCRIPT = writeScript(`
  function cache(kind, method) {
    var c = CacheService['get' + kind + 'Cache']();
    try { return c[method].apply(c, Array.prototype.slice.call(arguments, 2)); } catch (e) { return e.message; }
  }
  function props(method) {
    var p = PropertiesService.getScriptProperties();
    try { var out = p[method].apply(p, Array.prototype.slice.call(arguments, 1)); return out === p ? 'this' : out; }
    catch (e) { return e.message; }
  }`);

describe('stores shared across sandboxes', () => {
  let shared: SharedState;
  let clock = 5_000_000;
  const open: Sandbox[] = [];
  const sandbox = () => {
    const sb = createSandbox({ codePath: SCRIPT, sharedState: shared.connect(), now: () => clock });
    open.push(sb);
    return sb;
  };

  beforeEach(() => {
    shared = startSharedState({ scriptProperties: { SHEETBRIDGE_MODEL: 'default' } });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((sb) => sb.close()));
    await shared.close();
  });

  it('one execution reads what another wrote, in each cache; the user and document caches stay apart', () => {
    const [a, b] = [sandbox(), sandbox()];
    a.call('cache', 'Document', 'putAll', { row1: 'x', row2: 'y' });
    a.call('cache', 'Script', 'put', 'breaker', 'open');
    expect(b.call('cache', 'Document', 'getAll', ['row1', 'row2', 'row3'])).toEqual({ row1: 'x', row2: 'y' });
    expect(b.call('cache', 'Script', 'get', 'breaker')).toBe('open');
    expect(b.call('cache', 'User', 'get', 'breaker')).toBeNull();
    b.call('cache', 'Document', 'remove', 'row1');
    expect(a.caches.document.size()).toBe(1);
    expect(b.lastExecution.ledger.count(/getDocumentCache\(\)\.remove$/)).toBe(1);
  });

  it('keeps the limits, their texts and the TTLs (by the calling execution clock)', () => {
    const [a, b] = [sandbox(), sandbox()];
    expect(a.call('cache', 'Script', 'put', 'k'.repeat(251), 'x')).toBe('Argument too large: key');
    expect(a.call('cache', 'Script', 'put', 'big', 'v'.repeat(100 * 1024 + 1))).toBe(
      'Argument too large: value',
    );
    expect(a.call('cache', 'Script', 'put', 'ttl', 'v', 'abc')).toBe("Cannot convert 'abc' to int.");
    a.call('cache', 'Script', 'put', 'short', 'v', 5);
    a.call('cache', 'Script', 'put', 'default', 'v');
    clock += 5_000;
    expect(b.call('cache', 'Script', 'get', 'short')).toBeNull();
    expect(b.call('cache', 'Script', 'get', 'default')).toBe('v');
    clock += 595_000;
    expect(b.call('cache', 'Script', 'get', 'default')).toBeNull();
  });

  it('evicts the oldest creations above 1,000 items, whichever execution wrote them', () => {
    const [a, b] = [sandbox(), sandbox()];
    const values = (from: number, to: number) =>
      Object.fromEntries(Array.from({ length: to - from }, (_, i) => [`k${from + i}`, String(from + i)]));
    a.call('cache', 'Document', 'putAll', values(0, 600));
    b.call('cache', 'Document', 'putAll', values(600, 1001));
    expect(shared.cache('Document').size(clock)).toBeLessThanOrEqual(1000);
    expect(a.call('cache', 'Document', 'get', 'k0')).toBeNull();
    expect(a.call('cache', 'Document', 'get', 'k1000')).toBe('1000');
    // About 10% at once, oldest creations first (cache-store.ts): k0-k99 went, k100 is now the oldest.
    expect(b.caches.document.keys()).toHaveLength(901);
    expect(b.caches.document.keys()[0]).toBe('k100');
    expect(a.caches.document.overwrite('k100', 'aged')).toBe(true);
    expect(b.call('cache', 'Document', 'get', 'k100')).toBe('aged');
  });

  it('shares the property stores with their quota, all or nothing, and read-only in custom functions', () => {
    const [a, b] = [sandbox(), sandbox()];
    expect(b.call('props', 'getProperty', 'SHEETBRIDGE_MODEL')).toBe('default');
    expect(a.call('props', 'setProperty', 'SHEETBRIDGE_PARALLEL', 4)).toBe('this');
    expect(b.call('props', 'getProperties')).toEqual({
      SHEETBRIDGE_MODEL: 'default',
      SHEETBRIDGE_PARALLEL: '4',
    });
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`K${i}`, 'y'.repeat(9000)]));
    expect(b.call('props', 'setProperties', many)).toBe(PROPERTY_QUOTA_MESSAGE);
    expect(a.properties.script.snapshot()).toEqual({
      SHEETBRIDGE_MODEL: 'default',
      SHEETBRIDGE_PARALLEL: '4',
    });
    expect(b.callCustomFunction('props', 'deleteProperty', 'SHEETBRIDGE_MODEL')).toBe(
      'You do not have permission to call deleteProperty',
    );
    expect(b.lastExecution.ledger.count(/^PropertiesService/)).toBe(1);
    expect(() =>
      createSandbox({ codePath: SCRIPT, sharedState: shared.connect(), scriptProperties: { A: '1' } }),
    ).toThrow('seed them there');
  });

  it('shares the locks', () => {
    const a = sandbox();
    shared.lockState.force('Document', 4242);
    expect(a.lockState.holder('Document')).toBe(4242);
    shared.lockState.force('Document', 0);
  });

  it('costs well under a millisecond per service call in the sandbox (the ledger prices Apps Script)', () => {
    const a = sandbox();
    a.call('cache', 'Document', 'get', 'warm-up');
    const started = performance.now();
    for (let i = 0; i < 500; i++) a.caches.document.size();
    const perCallMs = (performance.now() - started) / 500;
    // About 0.04 ms measured on an idle machine; the bound leaves room for a loaded CI runner.
    expect(perCallMs).toBeLessThan(2);
  });
});
