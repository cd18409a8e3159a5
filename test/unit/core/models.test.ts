// The model list and the connection probe: one signed GET each, read the way the sidebar and
// PREDICT's header names rely on. Failures must name what to fix.
import { interpretOutcome, prepareCall } from '../../../src/core/api-client';
import { fetchModels, getSigned } from '../../../src/core/models';
import type { HttpOutcome, HttpRequest } from '../../../src/core/ports';
import { answer, TEST_SECRET } from '../support/fake-api';
import { FakeClock, ScriptedHttp } from '../support/fakes';
import { nodeCrypto } from '../support/node-crypto';

const signed = { baseUrl: 'http://203.0.113.10/ml', keyId: 'k1', secret: TEST_SECRET };
const unsigned = { ...signed, secret: null };
const MODELS = { models: [{ name: 'default', version: '1.0.0', columns: ['age'], outputs: ['score'] }] };

function probe(respond: (request: HttpRequest) => HttpOutcome, latencyMs = 80) {
  const clock = new FakeClock();
  const http = new ScriptedHttp((request) => respond(request), clock, latencyMs);
  return { clock, http };
}

describe('getSigned', () => {
  it('sends one signed GET to the path under the base path and times it', () => {
    const { clock, http } = probe((request) => answer(request, 200, { status: 'ok' }), 120);
    const result = getSigned(signed, '/v1/health', http, nodeCrypto, clock);
    expect(result).toEqual({ status: 200, latencyMs: 120, body: '{"status":"ok"}' });
    const [request] = http.requests;
    expect(request).toMatchObject({ url: 'http://203.0.113.10/ml/v1/health', method: 'get' });
    expect(request?.body).toBeUndefined();
    expect(request?.headers).toMatchObject({ Accept: 'application/json', 'X-SB-Key-Id': 'k1' });
    expect(request?.headers['Idempotency-Key']).toBeUndefined();
  });

  it('names the address it could not reach', () => {
    const { clock, http } = probe(() => ({ kind: 'network-error', message: 'connection refused' }));
    expect(() => getSigned(signed, '/v1/health', http, nodeCrypto, clock)).toThrow(
      expect.objectContaining({
        code: 'UNAVAILABLE',
        message: 'Could not reach the API at http://203.0.113.10/ml (connection refused).',
      }),
    );
  });

  it('refuses an HTTP port that answers nothing', () => {
    const clock = new FakeClock();
    expect(() => getSigned(signed, '/v1/health', { fetchAll: () => [] }, nodeCrypto, clock)).toThrow(
      'fetchAll returned no answer',
    );
  });
});

describe('fetchModels', () => {
  it('reads the signed model list', () => {
    const { clock, http } = probe((request) => answer(request, 200, MODELS));
    expect(fetchModels(signed, http, nodeCrypto, clock)).toEqual([
      { name: 'default', version: '1.0.0', columns: ['age'], outputs: ['score'] },
    ]);
    expect(http.requests[0]?.url).toBe('http://203.0.113.10/ml/v1/models');
  });

  it.each([401, 403])('turns HTTP %d into AUTH with the API reason', (status) => {
    const { clock, http } = probe((request) =>
      answer(request, status, { error: { code: 'AUTH_UNKNOWN_KEY', message: 'no such key' } }),
    );
    expect(() => fetchModels(signed, http, nodeCrypto, clock)).toThrow(
      expect.objectContaining({
        code: 'AUTH',
        message: expect.stringContaining(`HTTP ${status} AUTH_UNKNOWN_KEY`),
      }),
    );
  });

  it.each([404, 500, 503])('turns HTTP %d into UNAVAILABLE naming the status and path', (status) => {
    const { clock, http } = probe((request) => answer(request, status, 'nope'));
    expect(() => fetchModels(unsigned, http, nodeCrypto, clock)).toThrow(
      expect.objectContaining({
        code: 'UNAVAILABLE',
        message: `The API answered HTTP ${status} for /v1/models.`,
      }),
    );
  });

  it('turns a list that breaks the contract into BAD_RESPONSE', () => {
    const { clock, http } = probe((request) => answer(request, 200, { model: 'default' }));
    expect(() => fetchModels(signed, http, nodeCrypto, clock)).toThrow(
      expect.objectContaining({
        code: 'BAD_RESPONSE',
        message: `The API's model list broke the contract: the models answer has no "models" array.`,
      }),
    );
  });

  it('refuses an unsigned list when a secret is set', () => {
    const { clock, http } = probe((request) => answer(request, 200, MODELS, { unsigned: true }));
    expect(() => fetchModels(signed, http, nodeCrypto, clock)).toThrow(
      expect.objectContaining({
        code: 'BAD_SIGNATURE',
        message: expect.stringContaining('without a signature'),
      }),
    );
  });

  it('refuses an altered list when a secret is set', () => {
    const { clock, http } = probe((request) => answer(request, 200, MODELS, { tamper: true }));
    expect(() => fetchModels(signed, http, nodeCrypto, clock)).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNATURE', message: expect.stringContaining('signature check') }),
    );
  });
});

describe('answers of a signed call', () => {
  const call = { method: 'post' as const, path: '/v1/predict', body: '{"rows":[]}', idempotencyKey: 'b1' };

  it('a POST carries its body, its Idempotency-Key and a fresh nonce each attempt', () => {
    const first = prepareCall(signed, call, nodeCrypto, 1_700_000_000_000);
    const second = prepareCall(signed, call, nodeCrypto, 1_700_000_000_000);
    expect(first.request).toMatchObject({ method: 'post', body: '{"rows":[]}' });
    expect(first.request.headers['Idempotency-Key']).toBe('b1');
    expect(first.nonce).toBe(first.request.headers['X-SB-Nonce']);
    expect(second.nonce).not.toBe(first.nonce);
    expect(prepareCall(unsigned, call, nodeCrypto, 0).nonce).toBeNull();
  });

  it.each([
    [199, false],
    [300, false],
    [401, false],
    [502, false],
    [200, true],
    [299, true],
  ])('an HTTP %d answer is trusted only when its signature verifies', (status, forged) => {
    const prepared = prepareCall(signed, call, nodeCrypto, 0);
    const good = answer(prepared.request, status, '{}');
    const bad = answer(prepared.request, status, '{}', { tamper: true });
    expect(interpretOutcome(prepared, good, signed, nodeCrypto)).toMatchObject({
      kind: 'response',
      trusted: true,
    });
    if (forged) {
      expect(() => interpretOutcome(prepared, bad, signed, nodeCrypto)).toThrow(
        expect.objectContaining({ code: 'BAD_SIGNATURE' }),
      );
    } else {
      expect(interpretOutcome(prepared, bad, signed, nodeCrypto)).toMatchObject({ status, trusted: false });
    }
  });

  it('trusts every answer when nothing is signed, and passes network errors on', () => {
    const prepared = prepareCall(unsigned, call, nodeCrypto, 0);
    const plain = answer(prepared.request, 200, '{}', { secret: null });
    expect(interpretOutcome(prepared, plain, unsigned, nodeCrypto)).toMatchObject({ trusted: true });
    const down = { kind: 'network-error', message: 'timeout' } as const;
    expect(interpretOutcome(prepared, down, unsigned, nodeCrypto)).toEqual(down);
  });
});
