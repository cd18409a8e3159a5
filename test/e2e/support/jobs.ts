import { defaultModelsDir, loadModels } from '../../../server/src/model';
import { predictRow, resolveColumnOrder } from '../../../server/src/predict';
import type { JobStatus, StartJobResult } from '../../../src/features/sidebar/rpc-types';
import { createSandbox, type Sandbox } from '../../gas-sandbox/sandbox';
import { KEYS } from './e2e';

/** Driving "Predict selection" runs as the sidebar does, and checking their results against the model. */

/** A sandbox with one sheet "Customers" holding `values`, A1:H selected, signed requests to `baseUrl`. */
export function sheetSandbox(
  baseUrl: string,
  values: unknown[][],
  extra: Record<string, string> = {},
  locale = 'en',
): Sandbox {
  const sandbox = createSandbox({
    locale,
    scriptProperties: {
      SHEETBRIDGE_BASE_URL: baseUrl,
      SHEETBRIDGE_KEY_ID: 'key-2026a',
      SHEETBRIDGE_SECRET: KEYS['key-2026a'],
      ...extra,
    },
    spreadsheet: { sheets: [{ name: 'Customers', values }] },
  });
  select(sandbox, `A1:H${values.length}`);
  return sandbox;
}

export function select(sandbox: Sandbox, a1: string): void {
  const sheet = sandbox.spreadsheet.getSheetByName('Customers');
  sandbox.spreadsheet.setActiveRange(sheet?.getRange(a1) as never);
}

export function started(result: StartJobResult): JobStatus {
  if (result.kind !== 'started') throw new Error(`expected a started job, got ${JSON.stringify(result)}`);
  return result.job;
}

export function runToEnd(
  sandbox: Sandbox,
  job: JobStatus,
): { final: JobStatus; sliceMs: number[]; statuses: JobStatus[] } {
  const sliceMs: number[] = [];
  const statuses: JobStatus[] = [];
  let status = job;
  while (status.state === 'running') {
    const startedAt = Date.now();
    status = sandbox.call<JobStatus>('sidebarRunSlice', job.id);
    sliceMs.push(Date.now() - startedAt);
    statuses.push(status);
  }
  return { final: status, sliceMs, statuses };
}

/** Rows sent to /v1/predict since the sandbox's HTTP log was last reset, and the requests that carried them. */
export function predictTraffic(sandbox: Sandbox): { requests: number; rows: number } {
  const calls = sandbox.http.requests.filter((r) => r.url.endsWith('/v1/predict'));
  return {
    requests: calls.length,
    rows: calls.reduce((n, r) => n + (JSON.parse(r.payload) as { rows: unknown[] }).rows.length, 0),
  };
}

/**
 * What the reference server's model answers for one row under `header`, as the cell shows it:
 * recomputed here from the model file, so a check does not trust anything the run wrote.
 */
export function expectedCell(header: readonly string[], row: readonly unknown[], model = 'default'): unknown {
  const spec = loadModels(defaultModelsDir()).get(model);
  if (!spec) throw new Error(`no model ${model}`);
  const result = predictRow(spec, resolveColumnOrder(spec, [...header]), header.length, [...row]);
  if ('error' in result) return `#ERROR ${result.error.code}: ${result.error.message}`;
  return Array.isArray(result.value) ? result.value[0] : result.value;
}
