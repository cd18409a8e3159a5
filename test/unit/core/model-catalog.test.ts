import { SheetBridgeError } from '../../../src/core/errors';
import {
  type CatalogFetchGuard,
  catalogFromModels,
  catalogKey,
  currentCatalog,
  isFresh,
  learnVersion,
  MODEL_LIST_FRESH_MS,
  type ModelCatalog,
  outputsOf,
  parseCatalog,
  versionOf,
} from '../../../src/core/model-catalog';
import { shortHash } from '../../../src/core/row-hash';
import { FakeClock } from '../support/fakes';

const model = (
  name: string,
  version: string | null,
  outputs: string[] = [],
  seenAtMs: number | null = 1,
) => ({
  name,
  version,
  outputs,
  seenAtMs,
});
const catalog = (fetchedAtMs: number | null, ...models: ModelCatalog['models']): ModelCatalog => ({
  fetchedAtMs,
  models,
});

describe('the model list as cached', () => {
  it('is keyed by generation and a hash of the endpoint and signing identity', () => {
    expect(catalogKey('3', 'http://a', 'k')).toBe(`sb2:models:3:${shortHash('["http://a","k"]')}`);
    expect(catalogKey('3', 'http://a', null)).not.toBe(catalogKey('3', 'http://a', 'k'));
  });

  it('is built from /v1/models with its fetch time, keeping names, versions and outputs', () => {
    const outputs = ['score'];
    const built = catalogFromModels([{ name: 'm', version: '1.0', columns: ['a'], outputs }], 42);
    expect(built).toEqual({ fetchedAtMs: 42, models: [model('m', '1.0', ['score'], 42)] });
    outputs.push('changed');
    expect(built.models[0]?.outputs).toEqual(['score']);
  });

  it('reads back what it wrote', () => {
    const written = catalog(5, model('m', '1.0', ['a', 'b'], 7), model('n', null, [], null));
    expect(parseCatalog(JSON.stringify(written))).toEqual(written);
    expect(parseCatalog(JSON.stringify(catalog(null, model('m', '1')))))?.toEqual(
      catalog(null, model('m', '1')),
    );
  });

  it.each([
    ['missing', undefined],
    ['not JSON', '{'],
    ['a fetch time that is text', '{"fetchedAtMs":"5","models":[]}'],
    ['without fetch time', '{"models":[]}'],
    ['without models', '{"fetchedAtMs":5}'],
    ['models that are not a list', '{"fetchedAtMs":5,"models":{}}'],
  ])('is nothing when %s', (_name, raw) => {
    expect(parseCatalog(raw)).toBeNull();
  });

  it.each([
    ['without a name', { version: '1', outputs: [], seenAtMs: 1 }],
    ['with a numeric version', { name: 'm', version: 1, outputs: [], seenAtMs: 1 }],
    ['with a text seen time', { name: 'm', version: '1', outputs: [], seenAtMs: '1' }],
    ['without outputs', { name: 'm', version: '1', seenAtMs: 1 }],
    ['with a numeric output', { name: 'm', version: '1', outputs: ['a', 2], seenAtMs: 1 }],
    ['that is null', null],
  ])('drops a model %s and keeps the others', (_name, bad) => {
    const raw = JSON.stringify({ fetchedAtMs: 5, models: [bad, model('ok', '1')] });
    expect(parseCatalog(raw)).toEqual(catalog(5, model('ok', '1')));
  });
});

describe('what the model list says', () => {
  const list = catalog(1_000, model('m', '1.0', ['score'], 2_000), model('n', null, [], null));

  it('is fresh for MODEL_LIST_FRESH_MS after the later of its fetch and the last answer naming the version', () => {
    expect(isFresh(list, 'm', 2_000 + MODEL_LIST_FRESH_MS - 1)).toBe(true);
    expect(isFresh(list, 'm', 2_000 + MODEL_LIST_FRESH_MS)).toBe(false);
    expect(isFresh(list, 'n', 1_000 + MODEL_LIST_FRESH_MS - 1)).toBe(true);
    expect(isFresh(list, 'n', 1_000 + MODEL_LIST_FRESH_MS)).toBe(false);
    expect(isFresh(catalog(null, model('m', '1', [], 3_000)), 'm', 3_000 + MODEL_LIST_FRESH_MS - 1)).toBe(
      true,
    );
    expect(isFresh(catalog(null, model('m', '1', [], null)), 'm', 0)).toBe(false);
    expect(isFresh(null, 'm', 0)).toBe(false);
  });

  it('names versions and outputs, or null when it does not know them', () => {
    expect(versionOf(list, 'm')).toBe('1.0');
    expect(versionOf(list, 'n')).toBeNull();
    expect(versionOf(list, 'other')).toBeNull();
    expect(versionOf(null, 'm')).toBeNull();
    expect(outputsOf(list, 'm')).toEqual(['score']);
    expect(outputsOf(list, 'n')).toBeNull();
    expect(outputsOf(list, 'other')).toBeNull();
    expect(outputsOf(null, 'm')).toBeNull();
  });

  it('learns a version from an answer: the model moves to it, keeping its outputs and the fetch time', () => {
    expect(learnVersion(list, 'm', '1.1', 9_000)).toEqual(
      catalog(1_000, model('n', null, [], null), model('m', '1.1', ['score'], 9_000)),
    );
    expect(learnVersion(list, 'new', null, 9_000)).toEqual(
      catalog(1_000, ...list.models, model('new', null, [], 9_000)),
    );
    expect(learnVersion(null, 'm', '2', 9_000)).toEqual(catalog(null, model('m', '2', [], 9_000)));
  });
});

describe('fetching the model list', () => {
  const cached = catalog(1, model('m', '1.0'));
  const listed = [{ name: 'm', version: '1.1', columns: [], outputs: ['score'] }];

  function guarded(allow = true) {
    const calls: string[] = [];
    const guard: CatalogFetchGuard = {
      mayFetchAt: (now) => {
        calls.push(`may ${now}`);
        return allow;
      },
      answered: () => calls.push('answered'),
      unavailable: () => calls.push('unavailable'),
      took: (ms) => calls.push(`took ${ms}`),
    };
    return { calls, guard };
  }

  it('keeps the cached list when it is not needed, or cannot be fetched, or the guard says no', () => {
    const clock = new FakeClock(100);
    const fetchModels = jest.fn(() => listed);
    const none = { catalog: cached, fetched: false, requested: false };
    expect(currentCatalog(cached, false, { fetchModels, clock })).toEqual(none);
    expect(currentCatalog(cached, true, { clock })).toEqual(none);
    const { calls, guard } = guarded(false);
    expect(currentCatalog(cached, true, { fetchModels, clock, guard })).toEqual(none);
    expect(fetchModels).not.toHaveBeenCalled();
    expect(calls).toEqual(['may 100']);
  });

  it('fetches when needed and allowed, and tells the guard it answered and how long it took', () => {
    const clock = new FakeClock(100);
    const { calls, guard } = guarded();
    const fetchModels = () => {
      clock.now += 250;
      return listed;
    };
    expect(currentCatalog(cached, true, { fetchModels, clock, guard })).toEqual({
      catalog: catalogFromModels(listed, 100),
      fetched: true,
      requested: true,
    });
    expect(calls).toEqual(['may 100', 'answered', 'took 250']);
    expect(currentCatalog(null, true, { fetchModels, clock }).fetched).toBe(true);
  });

  it.each([
    ['UNAVAILABLE', ['may 100', 'unavailable', 'took 0']],
    ['TIMEOUT', ['may 100', 'took 0']],
  ])('a %s failure keeps the cached list', (code, expected) => {
    const clock = new FakeClock(100);
    const { calls, guard } = guarded();
    const fetchModels = () => {
      throw new SheetBridgeError(code as 'UNAVAILABLE', 'down');
    };
    expect(currentCatalog(cached, true, { fetchModels, clock, guard })).toEqual({
      catalog: cached,
      fetched: false,
      requested: true,
    });
    expect(calls).toEqual(expected);
  });

  it("an error that is not SheetBridge's keeps the cached list and is no sign of an unavailable API", () => {
    const clock = new FakeClock(100);
    const { calls, guard } = guarded();
    const fetchModels = () => {
      throw Object.assign(new Error('odd'), { code: 'UNAVAILABLE' });
    };
    expect(currentCatalog(cached, true, { fetchModels, clock, guard }).catalog).toBe(cached);
    expect(calls).toEqual(['may 100', 'took 0']);
  });

  it.each([['AUTH'], ['BAD_SIGNATURE']])('a %s failure stops the caller', (code) => {
    const clock = new FakeClock(100);
    const { calls, guard } = guarded();
    const fetchModels = () => {
      throw new SheetBridgeError(code as 'AUTH', 'refused');
    };
    expect(() => currentCatalog(cached, true, { fetchModels, clock, guard })).toThrow('refused');
    expect(calls).toEqual(['may 100', 'took 0']);
  });
});
