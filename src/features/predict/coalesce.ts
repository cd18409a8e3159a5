import { breakerFor } from '../../core/circuit-breaker';
import { shapeOutput } from '../../core/output';
import { type PredictDeps, type PredictReport, type PredictRequest, predictRows } from '../../core/predict';
import { isBlankRow, toGrid } from '../../core/values';

/**
 * Dragged-down formulas, answered as blocks (DESIGN.md "Dragged-down formulas are coalesced"). Each
 * `=PREDICT(A2:H2)` copied down a column is its own execution, up to 30 at once in any order. A call
 * over a few rows first looks for its rows in the results cache. On a miss it waits for the
 * spreadsheet's document lock: the holder leads, reads the sibling formulas' input rows and answers
 * the whole block in one execution; the others, between short turns at the lock, find their rows in
 * the cache. Only lock holders call the API, so a recalculation burst keeps at most SHEETBRIDGE_PARALLEL
 * requests in flight per spreadsheet for these calls. A call's own answer always comes from its own
 * argument: the block only decides which other rows travel with it.
 */

/** A call over more rows than this is a range formula: it is its own block. */
export const MAX_COALESCED_ARGUMENT_ROWS = 5;
/**
 * Rows one leader answers besides its own: at the default 500 rows a batch and 10 in flight, one
 * round, well inside the deadline even against a slow API.
 */
export const MAX_BLOCK_ROWS = 5_000;
/** Kept free after waiting for the lock: enough for the leader's work or the call's own rows. */
const WORK_RESERVE_MS = 10_000;
/** One turn of waiting for the lock, between two looks at the cache and the breaker. */
const LOCK_TURN_MS = 300;

export interface BlockAccess {
  /** The input rows of the calls dragged down around the calling cell, or null. */
  draggedBlock(argumentRows: number, argumentColumns: number, maxRows: number): unknown[][] | null;
  /** Runs `work` holding the spreadsheet's lock; null when it is not had within `waitMs`. */
  lead<T>(waitMs: number, work: () => T): T | null;
}

/** The caller's rows of a block's report, shaped from their own results: the block's widest row
 * must not widen this call's output (it would spill into neighbouring cells). */
function ownPart(report: PredictReport, rows: number): PredictReport {
  const results = report.results.slice(0, rows);
  return { ...report, results, output: shapeOutput(results, null), rows };
}

/** predictRows for one call, coalesced with its dragged-down siblings where there are any. */
export function predictCoalesced(
  request: PredictRequest,
  deps: PredictDeps,
  access: BlockAccess,
): PredictReport {
  const grid = toGrid(request.input);
  const width = grid[0]?.length ?? 0;
  if (request.hasHeader || grid.length === 0 || grid.length > MAX_COALESCED_ARGUMENT_ROWS) {
    return predictRows(request, deps);
  }
  const cached = predictRows(request, { ...deps, lookupOnly: true });
  if (cached.missingRows === 0) return cached;
  const breaker = breakerFor(deps.sharedCache ?? deps.cache, deps.settings.baseUrl ?? '', () =>
    deps.clock.nowMs(),
  );
  const lead = () => {
    // A leader that went before may have answered this call's rows meanwhile.
    const again = predictRows(request, { ...deps, lookupOnly: true });
    if (again.missingRows === 0) return again;
    const block = access.draggedBlock(grid.length, width, MAX_BLOCK_ROWS) ?? [];
    // Own rows first: they go in the first batch, whatever the deadline leaves for the rest.
    return ownPart(predictRows({ ...request, input: [...grid, ...block] }, deps), grid.length);
  };
  // Wait in short turns: between them, the rows a leader answered are read without the lock, and an
  // open breaker ends the wait at once (waiting in line would only delay the same paused cells).
  // Turns are counted as well as timed: a lock that refuses at once must not spin until the deadline.
  const turns = Math.ceil((deps.deadlineMs - deps.clock.nowMs() - WORK_RESERVE_MS) / LOCK_TURN_MS);
  let found = cached;
  for (let turn = 0; turn < turns && deps.deadlineMs - deps.clock.nowMs() > WORK_RESERVE_MS; turn++) {
    // Open: the engine answers at once with paused cells, sending nothing.
    if (breaker.pausedUntilWithoutProbing() !== null) return predictRows(request, deps);
    const led = access.lead(LOCK_TURN_MS, lead);
    if (led !== null) return led;
    found = predictRows(request, { ...deps, lookupOnly: true });
    if (found.missingRows === 0) return found;
  }
  // Other executions held the lock all along (leaders of other blocks against a slow API, or a long
  // run): sending this call's rows on the side would break the bound on requests in flight. What the
  // cache holds is shown; the rest asks for a recalculation, which finds them once the leaders finish.
  const waiting = {
    ok: false as const,
    error: {
      code: 'TIMEOUT',
      message: 'not sent: other formulas of this sheet are being answered first, recalculate to finish',
    },
  };
  const results = found.results.map((r, i) => r ?? (isBlankRow(grid[i] as unknown[]) ? undefined : waiting));
  return {
    ...found,
    results,
    output: shapeOutput(results, null),
    failedRows: found.missingRows,
    missingRows: 0,
  };
}
