/**
 * `npm start`: the whole path on one machine. Starts the reference API, loads the BUILT add-on
 * (dist/Code.js) into the Apps Script sandbox, runs =PREDICT over the shipped sample sheet, prints a
 * summary and the first rows, writes out/predictions.csv, stops the server and exits 0.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { sampleSheet } from '../test/e2e/support/e2e';
import { startServerProcess } from '../test/e2e/support/reference-server';
import { createSandbox } from '../test/gas-sandbox/sandbox';

const root = join(__dirname, '..');

async function main(): Promise<void> {
  // A fresh secret per run: nothing secret is stored in the repository.
  const secret = randomBytes(24).toString('base64url');
  const server = await startServerProcess({ keys: { demo: secret } });
  const sandbox = createSandbox({
    scriptProperties: {
      SHEETBRIDGE_BASE_URL: server.url,
      SHEETBRIDGE_KEY_ID: 'demo',
      SHEETBRIDGE_SECRET: secret,
    },
  });
  try {
    const sheet = sampleSheet();
    console.log(`SheetBridge demo: reference API at ${server.url}, sample sheet examples/customers.csv`);
    console.log(
      `=PREDICT(A1:H${sheet.length}, "default", TRUE) over ${sheet.length - 1} rows x ${sheet[0]?.length} columns\n`,
    );

    const started = Date.now();
    const output = sandbox.callCustomFunction<unknown[][]>('PREDICT', sheet, 'default', true);
    const coldMs = Date.now() - started;
    const requests = sandbox.http.requests;
    const keys = requests.map((r) => r.headers['Idempotency-Key']).filter(Boolean);
    const retries = keys.length - new Set(keys).size;
    const roundTrips = sandbox.http.fetchAllCalls;

    sandbox.http.reset();
    const again = Date.now();
    sandbox.callCustomFunction('PREDICT', sheet, 'default', true);
    const recalcMs = Date.now() - again;

    const results = output.slice(1);
    const errors = results.filter((row) => String(row[0]).startsWith('#ERROR'));
    const blanks = results.filter((row) => row[0] === '');
    const values = results.map((row) => row[0]).filter((v): v is number => typeof v === 'number');
    const summary = [
      ['rows', results.length],
      ['values', values.length],
      ['error cells', errors.length],
      ['blank rows (nothing sent)', blanks.length],
      ['HTTP requests', requests.length],
      ['round trips (fetchAll calls)', roundTrips],
      ['retries', retries],
      ['time', `${coldMs} ms`],
      ['recalculation: requests (cache hits)', `${sandbox.http.requests.length} (${recalcMs} ms)`],
      ['mean churn probability', (values.reduce((a, b) => a + b, 0) / values.length).toFixed(4)],
    ];
    for (const [name, value] of summary) console.log(`  ${String(name).padEnd(38)} ${value}`);

    console.log('\nFirst rows (input -> output):');
    const header = [...(sheet[0] as string[]), ...(output[0] as string[])];
    console.table(
      sheet
        .slice(1, 8)
        .map((row, i) =>
          Object.fromEntries(header.map((name, c) => [name, [...row, ...(output[i + 1] ?? [])][c]])),
        ),
    );
    for (const row of errors) console.log(`  ${row[0]}`);

    mkdirSync(join(root, 'out'), { recursive: true });
    const csvPath = join(root, 'out', 'predictions.csv');
    writeFileSync(csvPath, stringify(sheet.map((row, i) => [...row, ...(output[i] ?? [])])));
    console.log(`\nWrote ${sheet.length} lines (header included) to ${csvPath}`);
  } finally {
    await sandbox.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
