import type { HttpOutcome, HttpRequest } from '../../../src/core/ports';
import { testConnection } from '../../../src/features/connection/test-connection';
import { t } from '../../../src/i18n';
import { answer, errorAnswer } from '../support/fake-api';
import { fakeEnvironment } from '../support/fake-environment';

const MODELS = {
  models: [
    { name: 'default', version: '2.1.0', columns: ['a'], outputs: ['score'] },
    { name: 'churn', version: '0.3.0', columns: ['a'], outputs: ['p', 'label'] },
  ],
};

/** Health and the model list; `models` answers GET /v1/models. */
function api(models: (request: HttpRequest) => HttpOutcome, healthStatus = 200) {
  return (request: HttpRequest): HttpOutcome =>
    request.url.endsWith('/v1/health')
      ? answer(request, healthStatus, { status: 'ok', modelVersion: '1.0.0' })
      : models(request);
}

const listing = (request: HttpRequest) => answer(request, 200, MODELS);

describe('testConnection', () => {
  it('reports latency, the default model version, the models and verified signatures', () => {
    const env = fakeEnvironment(api(listing));
    expect(testConnection(env, 'en')).toEqual({
      ok: true,
      latencyMs: 40,
      modelVersion: '2.1.0',
      signature: 'verified',
      models: [
        { name: 'default', version: '2.1.0', outputs: ['score'] },
        { name: 'churn', version: '0.3.0', outputs: ['p', 'label'] },
      ],
      message: t('en', 'connection.verified'),
    });
    const [health, models] = env.http.requests;
    expect(health?.headers['X-SB-Signature']).toBeUndefined();
    expect(models?.headers['X-SB-Signature']).toEqual(expect.any(String));
  });

  it('says when requests go unsigned, in the language asked for', () => {
    const report = testConnection(fakeEnvironment(api(listing), { SHEETBRIDGE_SECRET: '' }), 'ja');
    expect(report).toMatchObject({
      ok: true,
      signature: 'unsigned',
      message: t('ja', 'connection.unsigned'),
    });
  });

  it('stops at an unhealthy API with the path and status, keeping the latency', () => {
    const report = testConnection(fakeEnvironment(api(listing, 503)), 'en');
    expect(report).toMatchObject({
      ok: false,
      latencyMs: 40,
      signature: 'unsigned',
      message: t('en', 'connection.healthStatus', { path: '/v1/health', status: 503 }),
    });
  });

  it('names the setting to check when the API refuses the key or the signature', () => {
    const report = testConnection(
      fakeEnvironment(api((request) => errorAnswer(request, 401, 'AUTH_BAD_SIGNATURE'))),
      'en',
    );
    expect(report.ok).toBe(false);
    expect(report.signature).toBe('unsigned');
    expect(report.message).toContain(t('en', 'error.AUTH'));
    expect(report.message).toContain('HTTP 401 AUTH_BAD_SIGNATURE');
    expect(report.message).toContain('SHEETBRIDGE_SECRET');
  });

  it.each(['en', 'ja'] as const)(
    'reports an API that is up but fails to list its models with the path and status, in %s',
    (language) => {
      const report = testConnection(
        fakeEnvironment(api((request) => errorAnswer(request, 500, 'INTERNAL'))),
        language,
      );
      expect(report.ok).toBe(false);
      expect(report.message).toBe(
        t(language, 'connection.modelsStatus', { path: '/v1/models', status: 500 }),
      );
      expect(report.message).toContain('/v1/models');
      expect(report.message).toContain('HTTP 500');
    },
  );

  it('reports a list that breaks the contract as unreadable', () => {
    const report = testConnection(
      fakeEnvironment(api((request) => answer(request, 200, { models: 7 }))),
      'en',
    );
    expect(report.ok).toBe(false);
    expect(report.message).toContain('(BAD_RESPONSE)');
  });

  it('reports a forged model list as a failed signature', () => {
    const report = testConnection(
      fakeEnvironment(api((request) => answer(request, 200, MODELS, { tamper: true }))),
      'en',
    );
    expect(report).toMatchObject({ ok: false, signature: 'failed' });
    expect(report.message).toContain('(BAD_SIGNATURE)');
  });

  it('says what to set when no API is configured, asking nothing of the network', () => {
    const env = fakeEnvironment(api(listing), { SHEETBRIDGE_BASE_URL: '' });
    expect(testConnection(env, 'en').message).toContain('(NOT_CONFIGURED)');
    expect(env.http.requests).toHaveLength(0);
  });
});
