/**
 * `npm run bench`: the built bundle in the sandbox against the reference API with injected latency,
 * next to a naive client (one formula, so one request, per row). Prints a table and writes
 * bench/results.json. Client CPU is this process's CPU (the API runs in a child process).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { validRows } from '../test/e2e/support/e2e';
import { startServerProcess } from '../test/e2e/support/reference-server';
import { createSandbox } from '../test/gas-sandbox/sandbox';
import { type DraggedCase, measureDragged } from './dragged';
import { cacheCapacity, type EditCase, measureEdits } from './edits';
import { measureOwnCode } from './own-code';

interface Case {
  client: 'sheetbridge' | 'naive';
  scenario: 'cold' | 'recalc' | 'one-changed';
  rows: number;
  columns: number;
  latencyMs: number;
  requests: number;
  roundTrips: number;
  wallMs: number;
  cpuMs: number;
}

const SECRET = 'bench-dummy-secret';
const NAIVE_CONCURRENCY = 30;

function measure<T>(work: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return {
    value,
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round((used.user + used.system) / 1000),
  };
}

async function naive(rows: unknown[][], props: Record<string, string>) {
  const shares = Array.from({ length: NAIVE_CONCURRENCY }, (_, w) =>
    rows.filter((_, i) => i % NAIVE_CONCURRENCY === w),
  );
  const workers = shares.map(
    (share) =>
      new Worker(join(__dirname, 'naive-cell.cjs'), { workerData: { rows: share, scriptProperties: props } }),
  );
  await Promise.all(
    workers.map((w) => new Promise((resolve, reject) => w.once('message', resolve).once('error', reject))),
  );
  const cpu = process.cpuUsage();
  const started = performance.now();
  const results = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<{ requests: number; roundTrips: number }>((resolve, reject) => {
          worker.once('message', resolve).once('error', reject);
          worker.postMessage('go');
        }),
    ),
  );
  const used = process.cpuUsage(cpu);
  return {
    requests: results.reduce((n, r) => n + r.requests, 0),
    roundTrips: results.reduce((n, r) => n + r.roundTrips, 0),
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round((used.user + used.system) / 1000),
  };
}

async function main(): Promise<void> {
  const server = await startServerProcess({ keys: { bench: SECRET } });
  const props = { SHEETBRIDGE_BASE_URL: server.url, SHEETBRIDGE_KEY_ID: 'bench', SHEETBRIDGE_SECRET: SECRET };
  const cases: Case[] = [];
  let edits: { cases: EditCase[]; summary: Record<string, unknown> } | undefined;
  let dragged: DraggedCase[] = [];
  let salt = 0;
  try {
    for (const latencyMs of [50, 200]) {
      await server.setFaults({ latencyMs });
      for (const count of [1_000, 10_000]) {
        const rows = validRows(count, salt++);
        const base = { rows: count, columns: 8, latencyMs };
        const sandbox = createSandbox({ scriptProperties: props });
        const run = (scenario: Case['scenario'], input: unknown[][]) => {
          sandbox.http.reset();
          const m = measure(() => sandbox.callCustomFunction('PREDICT', input));
          cases.push({
            client: 'sheetbridge',
            scenario,
            ...base,
            requests: sandbox.http.requests.length,
            roundTrips: sandbox.http.fetchAllCalls + sandbox.http.fetchCalls,
            wallMs: m.wallMs,
            cpuMs: m.cpuMs,
          });
        };
        run('cold', rows);
        run('recalc', rows);
        const changed = rows.map((row) => [...row]);
        (changed[Math.floor(count / 2)] as unknown[])[0] = 99;
        run('one-changed', changed);
        await sandbox.close();
        process.stdout.write(`measured sheetbridge ${count} rows @ ${latencyMs} ms; naive client...\n`);
        cases.push({
          client: 'naive',
          scenario: 'cold',
          ...base,
          ...(await naive(validRows(count, salt++), props)),
        });
      }
    }
    // Edits people make to a sheet answered once: 10,000 rows, the API at 200 ms.
    await server.setFaults({ latencyMs: 200 });
    const measured = measureEdits(validRows(10_000, salt++), props);
    edits = { cases: measured.cases, summary: measured.summary };
    await measured.close();
    process.stdout.write('measuring dragged-down formulas...\n');
    dragged = await measureDragged(server, salt++);
  } finally {
    await server.close();
  }
  const capacityRows = cacheCapacity(validRows(1_000));
  const ownCode = measureOwnCode(validRows(10_000, 999));
  writeFileSync(
    join(__dirname, 'results.json'),
    `${JSON.stringify({ cases, edits, dragged, capacityRows, ownCode: { rows: 10_000, columns: 8, ...ownCode } }, null, 2)}\n`,
  );
  console.log('\nSheetBridge vs naive (one request per row), 8 columns, API latency injected per request:');
  console.table(cases);
  for (const latencyMs of [50, 200]) {
    for (const rows of [1_000, 10_000]) {
      const ours = cases.find(
        (c) =>
          c.client === 'sheetbridge' && c.scenario === 'cold' && c.rows === rows && c.latencyMs === latencyMs,
      );
      const theirs = cases.find((c) => c.client === 'naive' && c.rows === rows && c.latencyMs === latencyMs);
      if (!ours || !theirs) continue;
      console.log(
        `${rows} rows @ ${latencyMs} ms: ${(theirs.requests / ours.requests).toFixed(0)}x fewer requests, ` +
          `${(theirs.wallMs / ours.wallMs).toFixed(1)}x less wall time; cold run ${ours.wallMs} ms of the 25,000 ms budget`,
      );
    }
  }
  console.log(
    `\nPREDICT's own code, no network, 10,000 rows x 8 columns (signing, batching, checking, shaping): ` +
      `median ${ownCode.medianMs} ms of ${ownCode.runsMs.join(', ')} ms`,
  );
  console.log('\nEdits to a sheet of 10,000 rows x 8 columns answered once (API at 200 ms); the naive');
  console.log('per-row client keeps no results and sends every row of the range again:');
  console.table(edits?.cases);
  console.log('Dragged-down =PREDICT(Ak:Hk), one execution per formula, 30 at a time, shuffled:');
  console.table(dragged);
  console.log('Estimated Apps Script time of one 10,000-row PREDICT (Node time + priced service calls):');
  console.table([edits?.summary]);
  console.log(
    `Results cache capacity: about ${capacityRows.toLocaleString('en')} distinct rows of the sample model ` +
      'fit before the first row is dropped (256 buckets of at most 98 KB in the document cache).',
  );
  console.log('\nWrote bench/results.json');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
