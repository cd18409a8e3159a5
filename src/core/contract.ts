import { normaliseRowErrorCode, type RowError } from './errors';
import type { JsonCell } from './values';

/** Contract v1 (DESIGN.md, docs/openapi.yaml): request bodies and strict reading of answers. */

export const PREDICT_PATH = '/v1/predict';
export const MODELS_PATH = '/v1/models';
export const HEALTH_PATH = '/v1/health';

export interface PredictRequestBody {
  model: string;
  columns?: string[];
  rows: JsonCell[][];
}

export function buildPredictBody(model: string, columns: string[] | null, rows: JsonCell[][]): string {
  const body: PredictRequestBody = columns ? { model, columns, rows } : { model, rows };
  return JSON.stringify(body);
}

/** A result value as the API may send it: a scalar, or an array that spreads over columns. */
export type ResultValue = JsonCell | JsonCell[];

export type RowResult = { ok: true; value: ResultValue } | { ok: false; error: RowError };

export interface PredictAnswer {
  modelVersion: string | null;
  results: RowResult[];
}

/** Thrown for an answer that breaks the contract; the caller turns it into BAD_RESPONSE cells. */
export class ContractViolation extends Error {}

function isJsonCell(value: unknown): value is JsonCell {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function readResult(item: unknown, index: number): RowResult {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new ContractViolation(`results[${index}] is not an object`);
  }
  const record = item as Record<string, unknown>;
  if ('value' in record) {
    const value = record.value;
    if (isJsonCell(value)) return { ok: true, value };
    if (Array.isArray(value) && value.length > 0 && value.every(isJsonCell)) return { ok: true, value };
    throw new ContractViolation(`results[${index}].value is not a number, text, boolean, null or flat array`);
  }
  const error = record.error as Record<string, unknown> | undefined;
  if (typeof error === 'object' && error !== null && typeof error.message === 'string') {
    return {
      ok: false,
      error: { code: normaliseRowErrorCode(error.code), message: error.message.slice(0, 300) },
    };
  }
  throw new ContractViolation(`results[${index}] has neither "value" nor "error"`);
}

/** Reads a 200 answer of /v1/predict for a batch of `rowCount` rows. */
export function parsePredictAnswer(body: string, rowCount: number): PredictAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ContractViolation('the answer is not JSON');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Array.isArray((parsed as { results?: unknown }).results)
  ) {
    throw new ContractViolation('the answer has no "results" array');
  }
  const { results, modelVersion } = parsed as { results: unknown[]; modelVersion?: unknown };
  if (results.length !== rowCount) {
    throw new ContractViolation(`the answer has ${results.length} results for ${rowCount} rows`);
  }
  return {
    modelVersion: typeof modelVersion === 'string' ? modelVersion : null,
    results: results.map(readResult),
  };
}

export interface ApiErrorBody {
  code: string | null;
  message: string | null;
  maxRows: number | null;
}

/** Reads `{"error": {...}}` from an error answer; any part may be missing (proxies answer in HTML). */
export function parseErrorBody(body: string): ApiErrorBody {
  try {
    const parsed = JSON.parse(body) as { error?: Record<string, unknown> };
    const error = parsed?.error;
    if (typeof error !== 'object' || error === null) return { code: null, message: null, maxRows: null };
    const maxRows = Number(error.maxRows ?? (parsed as Record<string, unknown>).maxRows);
    return {
      code: typeof error.code === 'string' ? error.code.slice(0, 40) : null,
      message: typeof error.message === 'string' ? error.message.slice(0, 300) : null,
      maxRows: Number.isInteger(maxRows) && maxRows > 0 ? maxRows : null,
    };
  } catch {
    return { code: null, message: null, maxRows: null };
  }
}

export interface ModelInfo {
  name: string;
  version: string | null;
  columns: string[];
  outputs: string[];
}

export function parseModelsAnswer(body: string): ModelInfo[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ContractViolation('the models answer is not JSON');
  }
  const models = (parsed as { models?: unknown })?.models;
  if (!Array.isArray(models)) throw new ContractViolation('the models answer has no "models" array');
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return models
    .filter(
      (m): m is Record<string, unknown> => typeof m === 'object' && m !== null && typeof m.name === 'string',
    )
    .map((m) => ({
      name: m.name as string,
      version: typeof m.version === 'string' ? m.version : null,
      columns: strings(m.columns),
      outputs: strings(m.outputs),
    }));
}
