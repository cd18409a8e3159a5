/**
 * One "cell" of the naive client, in a worker thread: what `=PREDICT(A2:H2)` copied down a column costs.
 * Each row is its own custom-function execution with one request, as Sheets runs one formula per cell;
 * up to 30 run at once (Sheets' simultaneous-execution limit per user, PLATFORM.md).
 * The worker sets up first and reports ready, so that start-up is not counted in the measurement.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSandbox } from '../test/gas-sandbox/sandbox';

const { rows, scriptProperties } = workerData as {
  rows: unknown[][];
  scriptProperties: Record<string, string>;
};
const sandbox = createSandbox({ scriptProperties });

parentPort?.once('message', () => {
  let requests = 0;
  let roundTrips = 0;
  for (const row of rows) {
    sandbox.http.reset();
    sandbox.callCustomFunction('PREDICT', [row]);
    requests += sandbox.http.requests.length;
    roundTrips += sandbox.http.fetchAllCalls + sandbox.http.fetchCalls;
  }
  sandbox.close().then(() => parentPort?.postMessage({ requests, roundTrips }));
});
parentPort?.postMessage('ready');
