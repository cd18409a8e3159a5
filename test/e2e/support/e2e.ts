import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ReferenceServerOptions } from '../../../server/src';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../gas-sandbox/sandbox';
import { type ServerProcess, startServerProcess } from './reference-server';

/** Obvious dummies: real secrets live only in Script Properties and the server's environment. */
export const KEYS = { 'key-2026a': 'dummy-secret-a-for-tests', 'key-2026b': 'dummy-secret-b-for-tests' };

export function sandboxFor(
  baseUrl: string,
  extra: Record<string, string> = {},
  options: SandboxOptions = {},
): Sandbox {
  return createSandbox({
    ...options,
    scriptProperties: {
      SHEETBRIDGE_BASE_URL: baseUrl,
      SHEETBRIDGE_KEY_ID: 'key-2026a',
      SHEETBRIDGE_SECRET: KEYS['key-2026a'],
      ...extra,
    },
  });
}

export function startServer(options: ReferenceServerOptions = {}): Promise<ServerProcess> {
  return startServerProcess({ keys: KEYS, ...options });
}

/** The shipped sample sheet, as Sheets hands it to a custom function: numbers as numbers, booleans as booleans. */
export function sampleSheet(): unknown[][] {
  const text = readFileSync(join(__dirname, '../../../examples/customers.csv'), 'utf8');
  return parse(text, {
    cast: (value) => {
      if (value === '') return '';
      if (value === 'TRUE' || value === 'FALSE') return value === 'TRUE';
      return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    },
  }) as unknown[][];
}

/**
 * `count` valid data rows (no header) built from the sample, for volume tests. A different `salt`
 * gives different rows: the server replays answers by Idempotency-Key, so tests that inject faults
 * must not send batches an earlier test already sent.
 */
export function validRows(count: number, salt = 0): unknown[][] {
  const rows = sampleSheet()
    .slice(1)
    .filter(
      (row) => row.every((cell) => cell !== '') && typeof row[6] === 'number' && row[3] !== 'enterprise',
    );
  return Array.from({ length: count }, (_, i) => {
    const row = [...(rows[i % rows.length] as unknown[])];
    row[1] = ((row[1] as number) + Math.floor(i / rows.length) + salt) % 90; // vary tenure so rows differ
    return row;
  });
}

export function column(output: unknown[][], index = 0): unknown[] {
  return output.map((row) => row[index]);
}

export function errorCells(output: unknown[][]): string[] {
  return output.map((row) => String(row[0])).filter((cell) => cell.startsWith('#ERROR'));
}

/**
 * One reference server per file and a fresh sandbox per test, faults off and counters reset: the
 * lifecycle most e2e files share. Read `env.server` and `env.sandbox` inside tests.
 */
export function serverAndSandboxPerTest(): { server: ServerProcess; sandbox: Sandbox } {
  const env = {} as { server: ServerProcess; sandbox: Sandbox };
  beforeAll(async () => {
    env.server = await startServer();
  });
  afterAll(async () => {
    await env.server.close();
  });
  beforeEach(async () => {
    await env.server.setFaults(undefined);
    await env.server.resetStats();
    env.sandbox = sandboxFor(env.server.url);
  });
  afterEach(async () => {
    await env.sandbox.close();
  });
  return env;
}
