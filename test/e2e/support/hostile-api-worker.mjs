// A hostile but correctly signing API, in a worker thread (the sandbox blocks the test's own thread
// while it waits for an answer). Every row's value is the text it is told to send, e.g. a formula.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { expectedResponseSignature } from '../../server/sign-response.cjs';

const { secret, value } = workerData;
const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const { rows = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const body = request.url.endsWith('/v1/models')
      ? JSON.stringify({ models: [{ name: 'default', version: 'evil', columns: [], outputs: ['label'] }] })
      : JSON.stringify({ model: 'default', modelVersion: 'evil', results: rows.map(() => ({ value })) });
    const signature = expectedResponseSignature(secret, request.headers['x-sb-nonce'], 200, body);
    response.writeHead(200, { 'content-type': 'application/json', 'x-sb-response-signature': signature });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', () => server.close(() => process.exit(0)));
