import { ResultStore } from '../../../src/core/result-store';
import { MAX_CACHE_TTL_S } from '../../../src/core/settings';
import { FakeClock, MemoryCache } from '../support/fakes';

const ROW = `ab${'1'.repeat(30)}`; // bucket "ab", id "1…1"
const ID = ROW.slice(2);
const KEY = 'sb2:rows:g7:ab';

function setup() {
  const clock = new FakeClock(1_700_000_000_500); // half a second past a whole second
  const cache = new MemoryCache(clock);
  const open = (ttlS = 60) => new ResultStore(cache, 'g7', ttlS, () => clock.nowMs());
  /** A store that has read `bucket`, written raw as another execution (or damage) left it. */
  const reading = (bucket: unknown) => {
    cache.put(KEY, typeof bucket === 'string' ? bucket : JSON.stringify(bucket), 600);
    const store = open();
    store.load([ROW], []);
    return store;
  };
  const stored = () => JSON.parse(cache.store.get(KEY)?.value as string) as unknown;
  return { clock, cache, open, reading, stored };
}

const FAR = 2_000_000_000; // an expiry (seconds) long after the fake clock's now

describe('ResultStore entries as written to the cache', () => {
  it('writes a value and an error under the bucket key, with their expiry in whole seconds', () => {
    const { open, stored, cache } = setup();
    const putAll = jest.spyOn(cache, 'putAll');
    const store = open(60);
    store.put('ctx', ROW, { ok: true, value: [1, 'a'] });
    store.put('other', ROW, { ok: false, error: { code: 'INVALID_ROW', message: 'no' } });
    store.flush();
    // ceil(1_700_000_000.5) + 60
    expect(stored()).toEqual({
      ctx: { [ID]: [1_700_000_061, 1, [1, 'a']] },
      other: { [ID]: [1_700_000_061, 0, 'INVALID_ROW', 'no'] },
    });
    expect(putAll).toHaveBeenCalledTimes(1);
    expect(putAll.mock.calls[0]?.[1]).toBe(MAX_CACHE_TTL_S);
  });

  it('serves what it wrote in the same execution, and after a reload', () => {
    const { open } = setup();
    const store = open();
    store.put('ctx', ROW, { ok: false, error: { code: 'E', message: 'm' } });
    expect(store.get('ctx', ROW)).toEqual({ ok: false, error: { code: 'E', message: 'm' } });
    expect(store.get('other', ROW)).toBeUndefined();
    store.flush();
    const again = open();
    again.load([ROW], []);
    expect(again.get('ctx', ROW)).toEqual({ ok: false, error: { code: 'E', message: 'm' } });
  });

  it('a row is served until the second it expires, and not from that second on', () => {
    const { reading, clock } = setup();
    const store = reading({ ctx: { [ID]: [1_700_000_010, 1, 5] } });
    clock.now = 1_700_000_009_999;
    expect(store.get('ctx', ROW)).toEqual({ ok: true, value: 5 });
    clock.now = 1_700_000_010_000;
    expect(store.get('ctx', ROW)).toBeUndefined();
  });

  it.each([
    ['a string', 'text'],
    ['zero', 0],
    ['false', false],
    ['null', null],
    ['an array of cells', [1, 'x', true, null]],
  ])('reads back %s as a value', (_name, value) => {
    const { reading } = setup();
    expect(reading({ ctx: { [ID]: [FAR, 1, value] } }).get('ctx', ROW)).toEqual({ ok: true, value });
  });

  it.each([
    ['not an array', { at: FAR }],
    ['an expiry that is not a number', ['2000000000', 1, 5]],
    ['an unknown kind', [FAR, 2, 5]],
    ['an unknown kind shaped like an error', [FAR, 2, 'E', 'm']],
    ['a value with extra items', [FAR, 1, 5, 6]],
    ['an empty array value', [FAR, 1, []]],
    ['an object value', [FAR, 1, { a: 1 }]],
    ['an array holding an object', [FAR, 1, [1, {}]]],
    ['an array holding an array', [FAR, 1, [[1]]]],
    ['an error without a message', [FAR, 0, 'E']],
    ['an error with a numeric code', [FAR, 0, 5, 'm']],
    ['an error with a numeric message', [FAR, 0, 'E', 5]],
  ])('an entry that is %s is a miss', (_name, entry) => {
    const { reading } = setup();
    expect(reading({ ctx: { [ID]: entry } }).get('ctx', ROW)).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"ctx":'],
    ['an array', '[1]'],
    ['an array of rows', '[{"x":[2000000000,1,5]}]'],
    ['null', 'null'],
    ['a number', '7'],
  ])('a bucket that is %s is a miss for every row, then rewritten whole', (_name, raw) => {
    const { reading, stored } = setup();
    const store = reading(raw);
    expect(store.get('ctx', ROW)).toBeUndefined();
    store.put('new', `ab${'2'.repeat(30)}`, { ok: true, value: 1 });
    store.flush();
    expect(Object.keys(stored() as object)).toEqual(['new']);
  });

  it('keeps the sound contexts of a bucket and drops those whose rows are not an object', () => {
    const { reading, stored } = setup();
    const store = reading({ bad: [1], worse: null, text: 'x', ctx: { [ID]: [FAR, 1, 5] } });
    expect(store.get('ctx', ROW)).toEqual({ ok: true, value: 5 });
    expect(store.get('bad', ROW)).toBeUndefined();
    store.put('new', `ab${'2'.repeat(30)}`, { ok: true, value: 1 });
    store.flush();
    expect(Object.keys(stored() as object)).toEqual(['ctx', 'new']);
  });

  it('drops expired rows, and contexts left empty, when it rewrites a bucket', () => {
    const { reading, stored } = setup();
    const store = reading({
      gone: { x: [1_600_000_000, 1, 1] },
      mixed: { y: [1_600_000_000, 1, 2], z: [FAR, 1, 3] },
    });
    store.put('new', `ab${'2'.repeat(30)}`, { ok: true, value: 1 });
    store.flush();
    expect(stored()).toEqual({
      mixed: { z: [FAR, 1, 3] },
      new: { [`${'2'.repeat(30)}`]: [1_700_000_061, 1, 1] },
    });
  });
});

describe('ResultStore reads and writes', () => {
  it('names buckets by generation and the first two hex digits of the row hash', () => {
    const { open } = setup();
    expect(open().bucketKey('c0ffee')).toBe('sb2:rows:g7:c0');
  });

  it('a row of a bucket it has not read is a miss', () => {
    const { open } = setup();
    expect(open().get('ctx', ROW)).toBeUndefined();
  });

  it('returns only the other keys the cache holds', () => {
    const { open, cache } = setup();
    cache.put('list', 'L', 60);
    expect(open().load([ROW], ['list', 'absent'])).toStrictEqual({ list: 'L' });
  });

  it('writes nothing when nothing changed, and only the extra entries when only they are given', () => {
    const { open, cache } = setup();
    const putAll = jest.spyOn(cache, 'putAll');
    const store = open();
    store.load([ROW], []);
    store.flush();
    expect(putAll).not.toHaveBeenCalled();
    store.flush({ list: 'L' });
    expect(putAll).toHaveBeenCalledWith({ list: 'L' }, MAX_CACHE_TTL_S);
    putAll.mockClear();
    store.put('ctx', ROW, { ok: true, value: 1 });
    store.flush();
    store.flush(); // the bucket was written: nothing is left to write
    expect(putAll).toHaveBeenCalledTimes(1);
    expect(Object.keys(putAll.mock.calls[0]?.[0] ?? {})).toEqual([KEY]);
  });

  it('a row written again replaces its entry and keeps the other rows of the bucket', () => {
    const { reading, stored } = setup();
    const store = reading({ ctx: { [ID]: [FAR, 1, 5], other: [FAR, 1, 6] } });
    store.put('ctx', ROW, { ok: true, value: 7 });
    store.flush();
    expect(stored()).toEqual({ ctx: { other: [FAR, 1, 6], [ID]: [1_700_000_061, 1, 7] } });
  });
});
