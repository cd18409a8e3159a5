import { utf8Length } from '../../../src/core/batching';
import { MAX_BUCKET_BYTES, ResultStore } from '../../../src/core/result-store';
import { FakeClock, MemoryCache } from '../support/fakes';

const hash = (i: number) => `ab${String(i).padStart(30, '0')}`; // every row in bucket "ab"
const KEY = 'sb2:rows:0:ab';

function setup() {
  const clock = new FakeClock();
  const cache = new MemoryCache(clock);
  const open = () => new ResultStore(cache, '0', 3_600, () => clock.nowMs());
  const text = () => cache.store.get(KEY)?.value as string;
  const ids = (context: string) => Object.keys((JSON.parse(text()) as Record<string, object>)[context] ?? {});
  return { clock, cache, open, text, ids };
}

const idOf = (i: number) => hash(i).slice(2);

/**
 * Rows 0..count-1 of `size` characters, then one last row padded so the bucket is exactly `over`
 * bytes past the limit.
 */
function fillPast(store: ResultStore, count: number, size: number, over: number) {
  for (let i = 0; i < count; i++) store.put('ctx', hash(i), { ok: true, value: 'v'.repeat(size) });
  const base = JSON.stringify({
    ctx: Object.fromEntries(
      Array.from({ length: count + 1 }, (_, i) => [idOf(i), [0, 1, i < count ? 'v'.repeat(size) : '']]),
    ),
  });
  const expiry = String(Math.ceil(1_700_000_000_000 / 1000) + 3_600);
  const untrimmed = utf8Length(base) + (count + 1) * (expiry.length - 1);
  const pad = MAX_BUCKET_BYTES + over - untrimmed;
  store.put('ctx', hash(count), { ok: true, value: 'w'.repeat(pad) });
}

describe('ResultStore trimming a full bucket', () => {
  it('drops only the oldest row when that is just enough: the bucket then fills the limit to the byte', () => {
    const { open, text, ids } = setup();
    const store = open();
    // The oldest row's share of the text: `"id":[expiry,1,"v…v"],`
    fillPast(store, 40, 2_000, utf8Length(`"${idOf(0)}":[1700003600,1,"${'v'.repeat(2_000)}"],`));
    store.flush();
    expect(utf8Length(text())).toBe(MAX_BUCKET_BYTES);
    expect(ids('ctx')).toEqual(Array.from({ length: 40 }, (_, i) => idOf(i + 1)));
  });

  it('drops the oldest rows a few at a time when there are many: 2 at a time among 100', () => {
    const { open, text, ids } = setup();
    const store = open();
    fillPast(store, 99, 900, 1);
    store.flush();
    expect(utf8Length(text())).toBeLessThanOrEqual(MAX_BUCKET_BYTES);
    expect(ids('ctx')).toEqual(Array.from({ length: 98 }, (_, i) => idOf(i + 2)));
  });

  it('a bucket exactly at the limit is kept whole', () => {
    const { open, text, ids } = setup();
    const store = open();
    fillPast(store, 40, 2_000, 0);
    store.flush();
    expect(utf8Length(text())).toBe(MAX_BUCKET_BYTES);
    expect(ids('ctx')).toHaveLength(41);
  });

  it('a row written again is the newest: older rows go first', () => {
    const { open, ids } = setup();
    const store = open();
    fillPast(store, 40, 2_000, 1);
    store.put('ctx', hash(0), { ok: true, value: 'v'.repeat(2_000) }); // row 0 again, same size
    store.flush();
    expect(ids('ctx')[0]).toBe(idOf(2));
    expect(ids('ctx').at(-1)).toBe(idOf(0));
  });

  it("drops other contexts' rows first, even newer ones, keeping those of contexts this execution uses", () => {
    const { open, ids, clock, text } = setup();
    const first = open();
    for (let i = 0; i < 30; i++) first.put('mine', hash(i), { ok: true, value: 'v'.repeat(2_000) });
    for (let i = 30; i < 33; i++) first.put('theirs', hash(i), { ok: true, value: 'v'.repeat(2_000) });
    first.flush();
    clock.now += 1_000;
    const second = open();
    second.load([hash(0), `cd${'0'.repeat(30)}`], []);
    second.put('mine', `cd${'0'.repeat(30)}`, { ok: true, value: 1 }); // 'mine' is in use, in another bucket
    for (let i = 33; i < 53; i++) second.put('new', hash(i), { ok: true, value: 'v'.repeat(2_000) });
    second.flush();
    expect(Object.keys(JSON.parse(text()))).toEqual(['mine', 'new']); // 'theirs' is gone, not left empty
    expect(ids('mine')[0]).toBe(idOf(2)); // 5 rows had to go: 'theirs' 3, then the oldest of 'mine'
    expect(ids('new')).toHaveLength(20);
  });
});
