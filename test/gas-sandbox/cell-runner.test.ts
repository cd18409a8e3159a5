// The cell runner (concurrent/run-cells.ts): formula cells as parallel executions in worker threads
// over shared caches, properties and locks, as Sheets runs custom functions (issue 9, item 4).
import { type CellRunner, startCellRunner } from './concurrent/run-cells';
import { startTestServer, type TestServer, writeScript } from './helpers';
import { LOCK_TIMEOUT_MESSAGE } from './lock';
import { createSandbox } from './sandbox';

const SCRIPT = `
  function WHERE() { return SpreadsheetApp.getActiveRange().getA1Notation(); }
  function MEET(mine, other) {
    var cache = CacheService.getDocumentCache();
    cache.put(mine, 'from ' + mine);
    for (var i = 0; i < 500; i++) { var seen = cache.get(other); if (seen) return seen; Utilities.sleep(10); }
    return 'never saw ' + other;
  }
  function PROP(key) { return PropertiesService.getScriptProperties().getProperty(key); }
  function SETPROP(key, value) { PropertiesService.getScriptProperties().setProperty(key, value); return 'set'; }
  function HOLD(ms) {
    LockService.getDocumentLock().waitLock(1000);
    CacheService.getScriptCache().put('holding', 'yes');
    Utilities.sleep(ms);
    return 'held';
  }
  // Waits until HOLD has the lock (however late its thread started), then a little more.
  function afterHold(delay) {
    for (var i = 0; i < 500 && !CacheService.getScriptCache().get('holding'); i++) Utilities.sleep(10);
    Utilities.sleep(delay);
  }
  function WAITFOR(delay, timeout) {
    afterHold(delay);
    var started = Date.now();
    try { LockService.getDocumentLock().waitLock(timeout); return ['locked', Date.now() - started]; }
    catch (e) { return [e.message, Date.now() - started]; }
  }
  function TRYFOR(delay, timeout) {
    afterHold(delay);
    var started = Date.now();
    return [LockService.getDocumentLock().tryLock(timeout), Date.now() - started];
  }
  function SLOW(url) { return UrlFetchApp.fetch(url).getContentText(); }`;

const sheet = (formulas: string[][]) => ({ sheets: [{ name: 'Sheet1', formulas }] });

describe('the cell runner', () => {
  const codePath = writeScript(SCRIPT);
  let runner: CellRunner;
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    runner = await startCellRunner({
      codePath,
      spreadsheet: sheet([]),
      scriptProperties: { SEEDED: 'from the start' },
      concurrency: 30,
    });
  }, 120_000);
  afterAll(async () => {
    await runner?.close();
    await server?.close();
  });

  it('runs two formulas in two threads that see each other through ONE document cache', async () => {
    await runner.setSpreadsheet(sheet([['=MEET("a", "b")', '=MEET("b", "a")']]));
    const result = await runner.run(['Sheet1!A1', 'Sheet1!B1'], { concurrency: 2 });
    expect(result.cells.map((c) => c.output)).toEqual(['from b', 'from a']);
    expect(new Set(result.cells.map((c) => c.worker)).size).toBe(2);
    expect(result.maxConcurrent).toBe(2);
    expect(result.cells[0]?.ledger['CacheService.getDocumentCache().put']).toBe(1);
    expect(runner.shared.cache('Document').getAll(['a', 'b'], Date.now())).toEqual({
      a: 'from a',
      b: 'from b',
    });
  });

  it('shares the property stores: seeded, written in this thread, written in a worker', async () => {
    const here = createSandbox({ codePath, sharedState: runner.shared.connect() });
    here.call('SETPROP', 'WRITTEN_HERE', 'main thread');
    expect(
      (await runner.execute({ name: 'SETPROP', args: ['IN_WORKER', 'worker'], full: true })).output,
    ).toBe('set');
    await runner.setSpreadsheet(sheet([['=PROP("SEEDED")', '=PROP("WRITTEN_HERE")', '=SETPROP("X", "y")']]));
    const result = await runner.run(['A1', 'B1', 'C1']);
    expect(result.cells.map((c) => c.output ?? c.error)).toEqual([
      'from the start',
      'main thread',
      'You do not have permission to call setProperty',
    ]);
    expect(here.properties.script.snapshot()).toMatchObject({ IN_WORKER: 'worker' });
    await here.close();
  });

  it('a lock held in one thread blocks waitLock in others: it throws after its timeout, tryLock says false, a longer wait gets it', async () => {
    await runner.setSpreadsheet(
      sheet([['=HOLD(1200)', '=WAITFOR(100, 100)', '=TRYFOR(100, 100)', '=WAITFOR(100, 5000)']]),
    );
    const result = await runner.run(['A1', 'B1', 'C1', 'D1'], { concurrency: 4 });
    const [hold, wait, tried, patient] = result.cells.map((c) => c.output as [unknown, number]);
    expect(hold).toBe('held');
    expect(wait?.[0]).toBe(LOCK_TIMEOUT_MESSAGE);
    expect(wait?.[1]).toBeGreaterThanOrEqual(95);
    expect(tried).toEqual([false, expect.any(Number)]);
    expect(tried?.[1]).toBeGreaterThanOrEqual(95);
    expect(patient?.[0]).toBe('locked');
    // D1 asked about 100 ms into A1's 1200 ms hold: it got the lock only when A1's execution ended.
    expect(patient?.[1]).toBeGreaterThan(500);
    expect(new Set(result.cells.map((c) => c.worker)).size).toBe(4);
  });

  it('shuffles the order of executions, reproducibly from a seed', async () => {
    const cells = Array.from({ length: 20 }, (_, i) => `A${i + 1}`);
    await runner.setSpreadsheet(sheet(cells.map(() => ['=WHERE()'])));
    const inOrder = await runner.run(cells, { concurrency: 1 });
    expect(inOrder.startOrder).toEqual(cells);
    expect(inOrder.cells.map((c) => c.output)).toEqual(cells);
    const shuffled = await runner.run(cells, { order: 'shuffled', seed: 5, concurrency: 1 });
    expect(shuffled.startOrder).not.toEqual(cells);
    expect([...shuffled.startOrder].sort()).toEqual([...cells].sort());
    expect((await runner.run(cells, { order: 'shuffled', seed: 5, concurrency: 1 })).startOrder).toEqual(
      shuffled.startOrder,
    );
    expect((await runner.run(cells, { order: 'shuffled', seed: 6, concurrency: 1 })).startOrder).not.toEqual(
      shuffled.startOrder,
    );
  });

  it('runs 30 executions at once against a slow API', async () => {
    const cells = Array.from({ length: 60 }, (_, i) => `A${i + 1}`);
    await runner.setSpreadsheet(sheet(cells.map(() => [`=SLOW("${server.url}/delay/400")`])));
    const result = await runner.run(cells, { order: 'shuffled', seed: 1 });
    expect(result.cells.every((c) => c.output === 'waited 400')).toBe(true);
    expect(result.maxConcurrent).toBeGreaterThanOrEqual(10);
    expect(result.http).toEqual({
      requests: 60,
      fetchCalls: 60,
      fetchAllCalls: 0,
      byPath: { '/delay/400': 60 },
    });
    // One after another they would take 24 s.
    expect(result.wallMs).toBeLessThan(12_000);
  }, 60_000);

  it('refuses a formula it cannot evaluate instead of guessing', async () => {
    await runner.setSpreadsheet(sheet([['=SLOW(A2+1)']]));
    await expect(runner.run(['A1'])).rejects.toThrow('unsupported argument "A2+1"');
  });
});
