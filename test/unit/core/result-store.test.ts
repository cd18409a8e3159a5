import { utf8Length } from '../../../src/core/batching';
import { MAX_BUCKET_BYTES, ResultStore } from '../../../src/core/result-store';
import { FakeClock, MemoryCache } from '../support/fakes';

const hash = (i: number) => `ab${String(i).padStart(30, '0')}`; // every row in bucket "ab"

function storeOver(cache: MemoryCache, clock: FakeClock) {
  return new ResultStore(cache, '0', 3_600, () => clock.nowMs());
}

describe('ResultStore buckets', () => {
  it('a bucket too big for one cache value keeps the newest rows and stays within the limit', () => {
    const clock = new FakeClock();
    const cache = new MemoryCache(clock);
    const store = storeOver(cache, clock);
    const text = 'x'.repeat(200);
    for (let i = 0; i < 1_000; i++) store.put('ctx', hash(i), { ok: true, value: `${text}${i}` });
    store.flush();
    const value = cache.store.get('sb2:rows:0:ab')?.value as string;
    expect(utf8Length(value)).toBeLessThanOrEqual(MAX_BUCKET_BYTES);
    expect(utf8Length(value)).toBeGreaterThan(MAX_BUCKET_BYTES * 0.9);
    const reread = storeOver(cache, clock);
    reread.load([hash(0)], []);
    expect(reread.get('ctx', hash(999))).toEqual({ ok: true, value: `${text}999` });
    expect(reread.get('ctx', hash(0))).toBeUndefined();
  });

  it("drops other contexts' rows before the rows this execution wrote", () => {
    const clock = new FakeClock();
    const cache = new MemoryCache(clock);
    const first = storeOver(cache, clock);
    const text = 'y'.repeat(300);
    for (let i = 0; i < 200; i++) first.put('old-version', hash(i), { ok: true, value: text });
    first.flush();
    const second = storeOver(cache, clock);
    second.load([hash(0)], []);
    for (let i = 200; i < 450; i++) second.put('new-version', hash(i), { ok: true, value: text });
    second.flush();
    const reread = storeOver(cache, clock);
    reread.load([hash(0)], []);
    expect(reread.get('new-version', hash(200))).toBeDefined();
    expect(reread.get('old-version', hash(0))).toBeUndefined();
  });

  it('counts multi-byte text in bytes, as CacheService does', () => {
    const clock = new FakeClock();
    const cache = new MemoryCache(clock);
    const store = storeOver(cache, clock);
    for (let i = 0; i < 400; i++)
      store.put('ctx', hash(i), { ok: false, error: { code: 'INVALID_ROW', message: '年齢'.repeat(60) } });
    store.flush();
    expect(utf8Length(cache.store.get('sb2:rows:0:ab')?.value as string)).toBeLessThanOrEqual(
      MAX_BUCKET_BYTES,
    );
  });

  it('reads the model list and the buckets in one getAll', () => {
    const clock = new FakeClock();
    const cache = new MemoryCache(clock);
    cache.put('list', 'L', 60);
    const getAll = jest.spyOn(cache, 'getAll');
    const store = storeOver(cache, clock);
    expect(store.load([hash(1), `cd${'0'.repeat(30)}`], ['list'])).toEqual({ list: 'L' });
    expect(getAll).toHaveBeenCalledTimes(1);
    expect(getAll.mock.calls[0]?.[0]).toEqual(['list', 'sb2:rows:0:ab', 'sb2:rows:0:cd']);
  });
});
