/**
 * Dragged-down formulas (issue 9): `=PREDICT(Ak:Hk)` in every row, each its own execution, 30 at a
 * time in shuffled order over shared caches and locks, as Sheets runs them. Reports requests, the most
 * requests in flight at the API, wall time of the whole calculation and the slowest cell.
 */

import { draggedDownRunner, draggedDownSheet, runFigures } from '../test/e2e/support/dragged-down';
import { validRows } from '../test/e2e/support/e2e';
import type { ServerProcess } from '../test/e2e/support/reference-server';

export interface DraggedCase {
  formulas: number;
  scenario: string;
  latencyMs: number;
  requests: number;
  maxInFlight: number;
  wallMs: number;
  slowestCellMs: number;
  errorCells: number;
}

async function measure(
  server: ServerProcess,
  runner: Awaited<ReturnType<typeof draggedDownRunner>>,
  scenario: string,
  latencyMs: number,
  seed: number,
): Promise<DraggedCase> {
  await server.resetStats();
  const result = await runner.run(runner.cells, { order: 'shuffled', seed });
  const stats = await server.stats();
  const figures = runFigures(result);
  return {
    formulas: runner.cells.length,
    scenario,
    latencyMs,
    requests: stats.predictRequests,
    maxInFlight: stats.maxInFlight,
    wallMs: figures.wallMs,
    slowestCellMs: figures.slowestCellMs,
    errorCells: result.cells.filter(
      (c) => c.error !== undefined || /^#ERROR/.test(String((c.output as unknown[][] | undefined)?.[0]?.[0])),
    ).length,
  };
}

/** Rows no earlier scenario sent: tenures above the sample's 0-89, distinct per set. */
function unseenRows(count: number, set: number): unknown[][] {
  return validRows(count).map((row, i) => [row[0], 1_000 * set + 100 + i, ...row.slice(2)]);
}

export async function measureDragged(server: ServerProcess, salt: number): Promise<DraggedCase[]> {
  const cases: DraggedCase[] = [];
  await server.setFaults({ latencyMs: 200 });
  const many = await draggedDownRunner(server.url, validRows(10_000, salt + 3));
  try {
    cases.push(await measure(server, many, 'first run', 200, 5));
  } finally {
    await many.close();
  }
  const runner = await draggedDownRunner(server.url, validRows(2_000, salt));
  try {
    cases.push(await measure(server, runner, 'first run', 200, 1));
    cases.push(await measure(server, runner, 'recalculation', 200, 2));
    await server.setFaults({ latencyMs: 8_000 });
    await runner.setSpreadsheet(draggedDownSheet(unseenRows(2_000, 1)).spec);
    cases.push(await measure(server, runner, 'API slow (8 s), first run', 8_000, 3));
    // Last: the breaker it opens stays open for its cool-down.
    await server.setFaults({ latencyMs: 200, errorRate: 1, errorStatus: 503 });
    await runner.setSpreadsheet(draggedDownSheet(unseenRows(2_000, 2)).spec);
    cases.push(await measure(server, runner, 'API down (503)', 200, 4));
  } finally {
    await runner.close();
    await server.setFaults({ latencyMs: 200 });
  }
  return cases;
}
