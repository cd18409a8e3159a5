import { errorAnswer, predictAnswer } from '../support/fake-api';
import { harness } from '../support/predict-harness';

describe('result cache', () => {
  it('a second identical call makes no request', () => {
    const h = harness((req) => predictAnswer(req));
    const rows = Array.from({ length: 1_200 }, (_, i) => [i, 'x']);
    const first = h.run(rows);
    const second = h.run(rows);
    expect(h.http.requests).toHaveLength(3);
    expect(second.output).toEqual(first.output);
    expect(second.cachedBatches).toBe(3);
    expect(second.requests).toBe(0);
  });

  it('one changed row costs one request for its batch only', () => {
    const h = harness((req) => predictAnswer(req));
    const rows = Array.from({ length: 1_200 }, (_, i) => [i]);
    h.run(rows);
    rows[700] = [-1];
    const again = h.run(rows);
    expect(again.requests).toBe(1);
    expect(again.output[700]).toEqual([-1]);
  });

  it('caches per-row API verdicts but never transient failures', () => {
    let fail = true;
    const h = harness((req) => (fail ? errorAnswer(req, 400, 'BAD_REQUEST') : predictAnswer(req)));
    h.run([[1], ['bad']]);
    fail = false;
    const fixed = h.run([[1], ['bad']]);
    expect(fixed.output[0]).toEqual([1]);
    h.run([[1], ['bad']]);
    expect(h.http.requests).toHaveLength(2);
  });

  it('a different model, header or generation is a different entry', () => {
    const h = harness((req) => predictAnswer(req));
    h.run([[1]]);
    h.run([[1]], { model: 'other' });
    expect(h.http.requests).toHaveLength(2);
  });

  it('answers cached while requests went unsigned are not served once a secret is set', () => {
    const unsigned = harness((req) => predictAnswer(req, { secret: null }), { SHEETBRIDGE_SECRET: '' });
    unsigned.run([[1]]);
    const keys = [...unsigned.cache.store.keys()].filter((k) => k.startsWith('sb1:0:'));
    const signed = harness((req) => predictAnswer(req));
    for (const key of keys) signed.cache.store.set(key, unsigned.cache.store.get(key) as never);
    signed.run([[1]]);
    expect(signed.http.requests).toHaveLength(1);
  });

  it('SHEETBRIDGE_CACHE_TTL_S=0 disables the cache', () => {
    const h = harness((req) => predictAnswer(req), { SHEETBRIDGE_CACHE_TTL_S: '0' });
    h.run([[1]]);
    h.run([[1]]);
    expect(h.http.requests).toHaveLength(2);
    expect(h.cache.puts).toBe(0);
  });

  it('entries expire after the TTL', () => {
    const h = harness((req) => predictAnswer(req), { SHEETBRIDGE_CACHE_TTL_S: '60' });
    h.run([[1]]);
    h.clock.now += 61_000;
    h.run([[1]]);
    expect(h.http.requests).toHaveLength(2);
  });

  it('a damaged entry is a miss, not a failure', () => {
    const h = harness((req) => predictAnswer(req));
    h.run([[1]]);
    for (const [key, entry] of h.cache.store) if (key.startsWith('sb1:0:')) entry.value = '{not json';
    expect(h.run([[1]]).output).toEqual([[1]]);
  });
});
