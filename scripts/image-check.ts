// The checks of scripts/image-check.sh against the running, healthy container: a signed predict
// (with the tests' independent SB1 signer), refusal of an unsigned one, and a clean drain on SIGTERM: a
// request still uploading when the signal arrives is answered, then the process exits 0.
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { ROWS } from '../test/server/fixtures';
import { call, expectedResponseSignature, sb1Headers } from '../test/server/sign';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    'key-id': { type: 'string' },
    secret: { type: 'string' },
    container: { type: 'string' },
  },
});
const baseUrl = values.url as string;
const key = { keyId: values['key-id'] as string, secret: values.secret as string };
const container = values.container as string;
const docker = process.env.DOCKER || 'docker';

const log = (line: string) => process.stdout.write(`image-check: ${line}\n`);
function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(what);
}

/** A full-size batch (1,000 rows) sent in two halves, with SIGTERM between them. */
async function drainOnSigterm(): Promise<{ status: number; ms: number; exitCode: number }> {
  const rows = Array.from({ length: 1000 }, (_, i) => ROWS[i % ROWS.length]);
  const body = Buffer.from(JSON.stringify({ model: 'default', rows }));
  const headers = sb1Headers({ ...key, method: 'POST', pathAndQuery: '/v1/predict', body });
  const nonce = headers['X-SB-Nonce'] ?? '';
  const answer = new Promise<{ status: number; raw: Buffer; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(`${baseUrl}/v1/predict`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, raw: Buffer.concat(chunks), headers: res.headers }),
        );
      });
      req.on('error', reject);
      req.write(body.subarray(0, body.length / 2));
      // The request is in flight (half its body sent) when ECS's SIGTERM would arrive.
      setTimeout(() => {
        execFileSync(docker, ['kill', '--signal', 'TERM', container]);
        setTimeout(() => req.end(body.subarray(body.length / 2)), 500);
      }, 300);
    },
  );
  const signalled = Date.now() + 300;
  const res = await answer;
  const exitCode = Number(execFileSync(docker, ['wait', container], { encoding: 'utf8' }).trim());
  const ms = Date.now() - signalled;
  const signed = res.headers['x-sb-response-signature'];
  check(
    signed === expectedResponseSignature(key.secret, nonce, res.status, res.raw),
    'drained answer is signed',
  );
  check(res.headers.connection === 'close', 'drained answer tells the client to hang up');
  return { status: res.status, ms, exitCode };
}

async function main() {
  const signed = await call({ baseUrl, path: '/v1/predict', body: { model: 'default', rows: ROWS }, key });
  check(signed.status === 200, `signed predict answered ${signed.status} ${signed.raw}`);
  check(signed.signatureValid === true, 'signed predict: response signature verifies');
  check(signed.json.results.length === ROWS.length, 'signed predict: one result per row');
  log(`signed predict: 200, ${ROWS.length} results, response signature valid`);

  const unsigned = await call({ baseUrl, path: '/v1/predict', body: { model: 'default', rows: ROWS } });
  check(unsigned.status === 401, `unsigned predict answered ${unsigned.status}`);
  log('unsigned predict: 401');

  const drain = await drainOnSigterm();
  check(drain.status === 200, `in-flight request during SIGTERM answered ${drain.status}`);
  check(drain.exitCode === 0, `container exited ${drain.exitCode} after SIGTERM`);
  const logs = execFileSync(docker, ['logs', container], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  check(logs.includes('shutting down'), 'the server logged its shutdown');
  log(
    `SIGTERM drain: in-flight 1,000-row request answered 200, exit code 0, ${drain.ms} ms from signal to exit`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`image-check: ${(e as Error).message}\n`);
  process.exit(1);
});
