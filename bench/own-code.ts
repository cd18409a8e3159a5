/**
 * Time PREDICT spends in its own code, without a network: the core that dist/Code.js bundles, over an
 * HTTP port that answers at once with answers prepared beforehand (so the API's work is not counted;
 * verifying each answer's signature is, since the client does it).
 */
import { createHash } from 'node:crypto';
import type { HttpOutcome, HttpRequest } from '../src/core/ports';
import { predictRows } from '../src/core/predict';
import { loadSettings } from '../src/core/settings';
import { responseSignatureForBodyHash } from '../test/server/sign';
import { FakeClock, MemoryCache } from '../test/unit/support/fakes';
import { nodeCrypto } from '../test/unit/support/node-crypto';

const SECRET = 'bench-dummy-secret';

export function measureOwnCode(rows: unknown[][], runs = 5): { medianMs: number; runsMs: number[] } {
  const prepared = new Map<string, { body: string; hash: string }>();
  const http = {
    fetchAll(requests: HttpRequest[]): HttpOutcome[] {
      return requests.map((request) => {
        const key = request.headers['Idempotency-Key'] as string;
        let answer = prepared.get(key);
        if (!answer) {
          const { rows: sent } = JSON.parse(request.body ?? '{}') as { rows: unknown[] };
          const body = JSON.stringify({
            model: 'default',
            modelVersion: '1.0.0',
            results: sent.map((_, i) => ({ value: (i % 100) / 100 })),
          });
          answer = { body, hash: createHash('sha256').update(body).digest('hex') };
          prepared.set(key, answer);
        }
        const nonce = request.headers['X-SB-Nonce'];
        const signature = responseSignatureForBodyHash(SECRET, nonce as string, 200, answer.hash);
        return {
          kind: 'response',
          status: 200,
          headers: { 'x-sb-response-signature': signature },
          body: answer.body,
        };
      });
    },
  };
  const settings = loadSettings(
    (key) => ({ SHEETBRIDGE_BASE_URL: 'http://203.0.113.10', SHEETBRIDGE_SECRET: SECRET })[key] ?? null,
  );
  const run = () => {
    const clock = new FakeClock(Date.now());
    const started = performance.now();
    predictRows(
      { input: rows, model: null, hasHeader: false },
      {
        http,
        clock,
        crypto: nodeCrypto,
        cache: new MemoryCache(clock),
        random: Math.random,
        settings,
        deadlineMs: clock.nowMs() + 25_000,
        cacheGeneration: '0',
      },
    );
    return performance.now() - started;
  };
  run(); // prepares the answers and warms the JIT
  const runsMs = Array.from({ length: runs }, () => Math.round(run()));
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)] as number, runsMs };
}
