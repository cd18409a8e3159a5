import type { HttpOutcome, HttpRequest } from '../../../src/core/ports';
import { loadSettings } from '../../../src/core/settings';
import { modelOutputNames } from '../../../src/features/predict/model-outputs';
import { answer, errorAnswer } from '../support/fake-api';
import { type FakeEnvironment, fakeEnvironment } from '../support/fake-environment';

const MODELS = { models: [{ name: 'churn', version: '1.0.0', columns: ['a'], outputs: ['p', 'label'] }] };

/** The model list answered by `status` (200: the list), switchable between calls. */
function modelsApi() {
  const api = { status: 200 };
  const respond = (request: HttpRequest): HttpOutcome =>
    api.status === 200 ? answer(request, 200, MODELS) : errorAnswer(request, api.status, 'SOME_CODE');
  return { api, respond };
}

function outputNames(env: FakeEnvironment) {
  return modelOutputNames(env, loadSettings(env.scriptSettings, env.documentSettings));
}

describe('modelOutputNames', () => {
  it('fetches the list once, keeps it for the cache lifetime, and reads it from there while fresh', () => {
    const { respond } = modelsApi();
    const env = fakeEnvironment(respond, { SHEETBRIDGE_CACHE_TTL_S: '600' });
    expect(outputNames(env)('churn')).toEqual(['p', 'label']);
    expect(outputNames(env)('churn')).toEqual(['p', 'label']);
    expect(env.http.requests).toHaveLength(1);
    const [entry] = [...env.resultCache.store.values()];
    expect(entry?.expiresAt).toBe(env.clock.nowMs() + 600_000);
  });

  it('fetches again when the list is older than five minutes, and for a model it does not name', () => {
    const { respond } = modelsApi();
    const env = fakeEnvironment(respond);
    outputNames(env)('churn');
    env.clock.now += 5 * 60_000;
    expect(outputNames(env)('churn')).toEqual(['p', 'label']);
    expect(outputNames(env)('other')).toBeNull();
    expect(env.http.requests).toHaveLength(3);
  });

  it('is null when the list cannot be fetched, even with a stale one cached', () => {
    const { api, respond } = modelsApi();
    const env = fakeEnvironment(respond);
    outputNames(env)('churn');
    env.clock.now += 5 * 60_000;
    api.status = 503;
    expect(outputNames(env)('churn')).toBeNull();
  });

  it('stops at a refused key', () => {
    const { api, respond } = modelsApi();
    api.status = 401;
    expect(() => outputNames(fakeEnvironment(respond))('churn')).toThrow(
      expect.objectContaining({ code: 'AUTH' }),
    );
  });

  it('caches nothing when the cache lifetime is 0', () => {
    const { respond } = modelsApi();
    const env = fakeEnvironment(respond, { SHEETBRIDGE_CACHE_TTL_S: '0' });
    expect(outputNames(env)('churn')).toEqual(['p', 'label']);
    expect(env.resultCache.puts).toBe(0);
  });

  it('refuses at once when no API is configured', () => {
    const env = fakeEnvironment(modelsApi().respond, { SHEETBRIDGE_BASE_URL: '' });
    expect(() => outputNames(env)).toThrow(expect.objectContaining({ code: 'NOT_CONFIGURED' }));
  });
});
