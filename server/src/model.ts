// Model files: small logistic regressions stored as JSON in server/models/, read once at start (they
// ship inside the image, so a bad file must stop the server at boot, not fail the first request).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type InputSpec =
  | { name: string; type: 'number'; mean: number; std: number; weight: number; min?: number; max?: number }
  | { name: string; type: 'boolean'; weight: number }
  /** A calendar date: weight per year after `since` (YYYY-MM-DD), read from the cell's own local date. */
  | { name: string; type: 'date'; since: string; weight: number }
  /** One-hot: each category has its own weight; a category not listed is an invalid row. */
  | { name: string; type: 'category'; categories: Record<string, number> };

export interface ModelSpec {
  name: string;
  version: string;
  description?: string;
  /** 'probability': value is P(positive). 'probability-pair': value is [P(negative), P(positive)]. */
  output: 'probability' | 'probability-pair';
  outputs: string[];
  bias: number;
  inputs: InputSpec[];
}

export interface ModelInfo {
  name: string;
  version: string;
  /** Column names in positional order: the same strings a request's `columns` uses. */
  columns: string[];
  outputs: string[];
  /** Per-column detail for UIs (type, allowed values); clients that only need names ignore it. */
  inputs: Array<{ name: string; type: 'number' | 'boolean' | 'string' | 'date'; values?: string[] }>;
}

export function describeModel(m: ModelSpec): ModelInfo {
  return {
    name: m.name,
    version: m.version,
    columns: m.inputs.map((i) => i.name),
    outputs: [...m.outputs],
    inputs: m.inputs.map((i) =>
      i.type === 'category'
        ? { name: i.name, type: 'string', values: Object.keys(i.categories) }
        : { name: i.name, type: i.type },
    ),
  };
}

/** Where models live: beside the bundle in the image (/app/models), server/models in the repo. */
export function defaultModelsDir(): string {
  const candidates = [resolve(__dirname, 'models'), resolve(__dirname, '../models')];
  return candidates.find((dir) => existsSync(dir)) ?? resolve(process.cwd(), 'server/models');
}

export function loadModels(dir: string): Map<string, ModelSpec> {
  if (!existsSync(dir)) throw new Error(`models directory not found: ${dir}`);
  const models = new Map<string, ModelSpec>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const path = join(dir, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`model file ${path} is not valid JSON: ${(e as Error).message}`);
    }
    const spec = checkModelSpec(parsed, path);
    if (models.has(spec.name)) throw new Error(`model ${spec.name} is defined twice (${path})`);
    models.set(spec.name, spec);
  }
  if (models.size === 0) throw new Error(`no model files (*.json) in ${dir}`);
  return models;
}

function checkModelSpec(value: unknown, path: string): ModelSpec {
  const fail = (what: string): never => {
    throw new Error(`model file ${path}: ${what}`);
  };
  const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (typeof value !== 'object' || value === null) return fail('must be a JSON object');
  const m = value as Record<string, unknown>;
  if (typeof m.name !== 'string' || m.name === '') fail('name must be a non-empty string');
  if (typeof m.version !== 'string' || m.version === '') fail('version must be a non-empty string');
  if (m.output !== 'probability' && m.output !== 'probability-pair') {
    fail('output must be "probability" or "probability-pair"');
  }
  const expectedOutputs = m.output === 'probability' ? 1 : 2;
  if (
    !Array.isArray(m.outputs) ||
    m.outputs.length !== expectedOutputs ||
    !m.outputs.every((o) => typeof o === 'string')
  ) {
    fail(`outputs must be ${expectedOutputs} name(s)`);
  }
  if (!isNum(m.bias)) fail('bias must be a number');
  if (!Array.isArray(m.inputs) || m.inputs.length === 0) fail('inputs must be a non-empty array');
  const names = new Set<string>();
  for (const [i, raw] of (m.inputs as unknown[]).entries()) {
    const input = (raw ?? {}) as Record<string, unknown>;
    const at = `inputs[${i}]`;
    if (typeof input.name !== 'string' || input.name.trim() === '')
      fail(`${at}.name must be a non-empty string`);
    const key = String(input.name).trim().toLowerCase();
    if (names.has(key)) fail(`${at}.name ${String(input.name)} is duplicated`);
    names.add(key);
    if (input.type === 'number') {
      if (!isNum(input.mean) || !isNum(input.std) || !isNum(input.weight))
        fail(`${at} needs numeric mean, std, weight`);
      if ((input.std as number) <= 0) fail(`${at}.std must be > 0`);
    } else if (input.type === 'boolean') {
      if (!isNum(input.weight)) fail(`${at}.weight must be a number`);
    } else if (input.type === 'date') {
      if (!isNum(input.weight)) fail(`${at}.weight must be a number`);
      if (typeof input.since !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input.since))
        fail(`${at}.since must be a date as YYYY-MM-DD`);
    } else if (input.type === 'category') {
      const cats = input.categories as Record<string, unknown> | undefined;
      if (typeof cats !== 'object' || cats === null || Object.keys(cats).length === 0) {
        fail(`${at}.categories must be a non-empty object`);
      }
      if (!Object.values(cats as object).every(isNum)) fail(`${at}.categories weights must be numbers`);
    } else {
      fail(`${at}.type must be number, boolean, date or category`);
    }
  }
  return value as ModelSpec;
}
