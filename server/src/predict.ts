// Evaluates a model over a batch: maps the request's columns to the model's inputs once, then scores each
// row on its own so that one bad row becomes that row's error and never fails its neighbours.

import { type Cell, contribution, InvalidCell, normaliseLabel } from './cells';
import { ApiError } from './errors';
import type { ModelSpec } from './model';

export type RowResult = { value: number | number[] } | { error: { code: 'INVALID_ROW'; message: string } };

/**
 * For each model input, the index of the cell holding it. Without `columns` rows are positional (the
 * model's order); with them, names match case-insensitively after trimming, and every name must be known.
 */
export function resolveColumnOrder(model: ModelSpec, columns: string[] | undefined): number[] {
  if (columns === undefined) return model.inputs.map((_, i) => i);
  const byName = new Map<string, number>();
  const duplicated: string[] = [];
  columns.forEach((c, i) => {
    const key = normaliseLabel(c);
    if (byName.has(key)) duplicated.push(c);
    byName.set(key, i);
  });
  const known = new Set(model.inputs.map((input) => normaliseLabel(input.name)));
  const unknown = columns.filter((c) => !known.has(normaliseLabel(c)));
  const missing = model.inputs.filter((input) => !byName.has(normaliseLabel(input.name))).map((i) => i.name);
  const problems: string[] = [];
  if (unknown.length > 0) problems.push(`unknown columns: ${unknown.join(', ')}`);
  if (missing.length > 0) problems.push(`missing columns: ${missing.join(', ')}`);
  if (duplicated.length > 0) problems.push(`duplicated columns: ${duplicated.join(', ')}`);
  if (problems.length > 0) {
    throw new ApiError(
      400,
      'BAD_REQUEST',
      `columns do not match model ${model.name}: ${problems.join('; ')}`,
    );
  }
  return model.inputs.map((input) => byName.get(normaliseLabel(input.name)) ?? -1);
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function predictRow(
  model: ModelSpec,
  order: number[],
  expectedCells: number,
  row: unknown,
): RowResult {
  try {
    if (!Array.isArray(row)) throw new InvalidCell('row must be an array of cells');
    if (row.length !== expectedCells) {
      throw new InvalidCell(`row has ${row.length} cells, expected ${expectedCells}`);
    }
    let logit = model.bias;
    model.inputs.forEach((input, i) => {
      logit += contribution(input, row[order[i] ?? -1] as Cell);
    });
    const p = round4(1 / (1 + Math.exp(-logit)));
    return { value: model.output === 'probability' ? p : [round4(1 - p), p] };
  } catch (e) {
    if (e instanceof InvalidCell) return { error: { code: 'INVALID_ROW', message: e.message } };
    throw e;
  }
}
