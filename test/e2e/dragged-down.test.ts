import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CellRunner } from '../gas-sandbox/concurrent/run-cells';
import type { Sandbox } from '../gas-sandbox/sandbox';
import { draggedDownRunner, draggedDownSheet, runFigures } from './support/dragged-down';
import { sandboxFor, startServer, validRows } from './support/e2e';
import type { ServerProcess } from './support/reference-server';

/**
 * Issue 9 on the built bundle: `=PREDICT(Ak:Hk)` dragged down 200 rows, each formula its own execution,
 * 30 at a time in shuffled order over shared caches, against the reference server at 200 ms. Every
 * cell must equal a direct range PREDICT of the same rows. The request counts are reported (in
 * test-artifacts/dragged-down.json), not asserted: coalescing will change them.
 */
describe('dragged-down PREDICT formulas, run as Sheets runs them', () => {
  const rows = validRows(200, 31);
  let server: ServerProcess;
  let runner: CellRunner & { cells: string[] };
  let direct: unknown[][];
  let plain: Sandbox;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    server = await startServer();
    await server.setFaults({ latencyMs: 200 });
    runner = await draggedDownRunner(server.url, rows);
    plain = sandboxFor(server.url, { SHEETBRIDGE_CACHE_TTL_S: '0' });
    direct = plain.callCustomFunction<unknown[][]>('PREDICT', rows);
  }, 120_000);
  afterAll(async () => {
    mkdirSync(join(__dirname, '../../test-artifacts'), { recursive: true });
    writeFileSync(
      join(__dirname, '../../test-artifacts/dragged-down.json'),
      `${JSON.stringify(figures, null, 2)}\n`,
    );
    await runner?.close();
    await plain?.close();
    await server?.close();
  });

  /** One run over the shared stores: every cell checked, the figures kept for the closing note. */
  const measuredRun = async (name: string, seed: number) => {
    await server.resetStats();
    const result = await runner.run(runner.cells, { order: 'shuffled', seed });
    expect(result.cells.filter((c) => c.error !== undefined)).toEqual([]);
    result.cells.forEach((cell, i) => {
      expect(cell.output).toEqual([direct[i]]);
    });
    const stats = await server.stats();
    expect(stats.predictRequests).toBe(result.http.byPath['/v1/predict'] ?? 0);
    figures[name] = {
      ...runFigures(result),
      serverPredicts: stats.predictRequests,
      maxInFlight: stats.maxInFlight,
    };
    return { result, stats };
  };

  it('first run: every cell equals the range formula of the same rows, 30 executions at a time', async () => {
    const { result, stats } = await measuredRun('firstRun', 9);
    expect(result.maxConcurrent).toBeGreaterThanOrEqual(10);
    expect(stats.maxInFlight).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('recalculation over the same shared stores: still every cell right', async () => {
    await measuredRun('recalculation', 10);
  }, 120_000);

  it('API down (503 to everything), rows never seen: every cell says so', async () => {
    const unseen = validRows(200, 57);
    await runner.setSpreadsheet(draggedDownSheet(unseen).spec);
    await server.resetStats();
    await server.setFaults({ latencyMs: 200, errorRate: 1, errorStatus: 503 });
    const result = await runner.run(runner.cells, { order: 'shuffled', seed: 11 });
    await server.setFaults({ latencyMs: 200 });
    const stats = await server.stats();
    figures.apiDown = {
      ...runFigures(result),
      serverPredicts: stats.predictRequests,
      maxInFlight: stats.maxInFlight,
    };
    for (const cell of result.cells) {
      const shown = cell.error ?? String((cell.output as unknown[][])[0]?.[0]);
      expect(shown).toMatch(/UNAVAILABLE|503/);
    }
  }, 180_000);
});
