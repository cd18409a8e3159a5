import { totalmem } from 'node:os';
import { defaultIdempotencyMaxBytes, IdempotencyStore } from '../../server/src/idempotency';
import { NonceCache } from '../../server/src/nonce-cache';
import { KEY, ROWS, withServer } from './fixtures';
import { call } from './sign';

const body = { model: 'default', rows: ROWS };
const keys = { [KEY.keyId]: KEY.secret };

describe('Idempotency-Key on /v1/predict', () => {
  it('replays the stored answer for the same key and body, signed for the new nonce', async () => {
    await withServer({ keys }, async (server) => {
      const headers = { 'Idempotency-Key': 'batch-1' };
      const first = await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers });
      const second = await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers });
      expect(second.status).toBe(200);
      expect(second.raw.equals(first.raw)).toBe(true);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.nonce).not.toBe(first.nonce);
      expect(second.signatureValid).toBe(true);
      expect(server.stats.idempotentReplays).toBe(1);
      expect(server.stats.rowsPredicted).toBe(ROWS.length); // computed once
    });
  });

  it('422 IDEMPOTENCY_MISMATCH for the same key with a different body', async () => {
    await withServer({ keys }, async (server) => {
      const headers = { 'Idempotency-Key': 'batch-2' };
      await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers });
      const other = { model: 'default', rows: ROWS.slice(1) };
      const res = await call({ baseUrl: server.url, path: '/v1/predict', body: other, key: KEY, headers });
      expect(res.status).toBe(422);
      expect(res.json.error.code).toBe('IDEMPOTENCY_MISMATCH');
      expect(res.signatureValid).toBe(true);
    });
  });

  it('409 IDEMPOTENCY_IN_PROGRESS while the first attempt still runs, then replays', async () => {
    await withServer({ keys, faults: { latencyMs: 300 } }, async (server) => {
      const headers = { 'Idempotency-Key': 'batch-3' };
      const slow = call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers });
      await new Promise((r) => setTimeout(r, 100));
      const dup = await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers });
      expect(dup.status).toBe(409);
      expect(dup.json.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect((await slow).status).toBe(200);
      const again = await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });
  });

  it('does not store 429/5xx: a retry with the same key succeeds', async () => {
    await withServer(
      { keys, faults: { statusSequence: [{ status: 503, retryAfterS: 1 }, { status: 429 }] } },
      async (server) => {
        const headers = { 'Idempotency-Key': 'batch-4' };
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
          statuses.push(
            (await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers })).status,
          );
        }
        expect(statuses).toEqual([503, 429, 200]);
        expect(server.stats.idempotentReplays).toBe(0);
      },
    );
  });

  it('keys are scoped per signing key id', async () => {
    const KEY_B = { keyId: 'b', secret: 'secret-b-0123456789' };
    await withServer({ keys: { ...keys, b: KEY_B.secret } }, async (server) => {
      const headers = { 'Idempotency-Key': 'shared' };
      await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers });
      const other = { model: 'default', rows: ROWS.slice(1) };
      const res = await call({ baseUrl: server.url, path: '/v1/predict', body: other, key: KEY_B, headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('idempotent-replayed')).toBeNull();
    });
  });

  it('400 for an Idempotency-Key that is too long', async () => {
    await withServer({ keys }, async (server) => {
      const headers = { 'Idempotency-Key': 'k'.repeat(300) };
      const res = await call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, headers });
      expect(res.status).toBe(400);
    });
  });
});

describe('IdempotencyStore', () => {
  it('forgets answers after the TTL and stays bounded', () => {
    const store = new IdempotencyStore(1000, 3);
    expect(store.begin('a', 'h', 0)).toEqual({ kind: 'new' });
    store.complete('a', { status: 200, body: '{}' }, 0);
    expect(store.begin('a', 'h', 500).kind).toBe('replay');
    expect(store.begin('a', 'h', 1500).kind).toBe('new');
    for (const k of ['b', 'c', 'd', 'e']) {
      store.begin(k, 'h', 2000);
      store.complete(k, { status: 200, body: '{}' }, 2000);
    }
    expect(store.size).toBeLessThanOrEqual(3);
  });

  it('release frees a running key but never a stored answer', () => {
    const store = new IdempotencyStore(1000);
    store.begin('a', 'h', 0);
    store.release('a');
    expect(store.begin('a', 'h', 0).kind).toBe('new');
    store.complete('a', { status: 200, body: '{}' }, 0);
    store.release('a');
    expect(store.begin('a', 'h', 0).kind).toBe('replay');
  });
});

describe('NonceCache', () => {
  it('refuses a nonce within the TTL, forgets it after, and fails closed when full', () => {
    const cache = new NonceCache(1000, 2);
    expect(cache.remember('a', 0)).toBe('ok');
    expect(cache.remember('a', 999)).toBe('replayed');
    expect(cache.remember('b', 999)).toBe('ok');
    expect(cache.remember('c', 999)).toBe('full');
    expect(cache.remember('a', 1000)).toBe('ok'); // 'a' expired and was evicted
    expect(cache.size).toBe(2);
  });
});

describe('IdempotencyStore byte budget', () => {
  const answer = (n: number) => ({ status: 200, body: 'x'.repeat(n) });

  it('evicts the oldest answers to stay within its bytes, whatever the count', () => {
    const store = new IdempotencyStore(60_000, 10_000, 1000);
    for (const k of ['a', 'b', 'c', 'd']) {
      store.begin(k, 'h', 0);
      store.complete(k, answer(300), 0);
    }
    expect(store.bytes).toBeLessThanOrEqual(1000);
    expect(store.size).toBe(3);
    expect(store.begin('a', 'h', 1).kind).toBe('new'); // the oldest went first
    expect(store.begin('d', 'h', 1).kind).toBe('replay');
  });

  it('does not keep an answer larger than the whole budget, and frees bytes on expiry', () => {
    const store = new IdempotencyStore(1000, 10_000, 1000);
    store.begin('big', 'h', 0);
    store.complete('big', answer(2000), 0);
    expect(store.bytes).toBe(0);
    expect(store.begin('big', 'h', 1).kind).toBe('new');
    store.begin('small', 'h', 0);
    store.complete('small', answer(100), 0);
    expect(store.bytes).toBeGreaterThan(100);
    expect(store.begin('small', 'h', 2000).kind).toBe('new'); // expired: its bytes are given back
    expect(store.bytes).toBe(0);
  });

  it('defaults to an eighth of the memory the process may use', () => {
    const limit = Math.min(process.constrainedMemory?.() || Number.POSITIVE_INFINITY, totalmem());
    expect(defaultIdempotencyMaxBytes()).toBe(Math.floor(limit / 8));
  });
});
