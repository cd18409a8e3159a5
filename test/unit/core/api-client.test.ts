// One API call as the API sees it (headers, body, what is signed) and how its answer is trusted.
import { createHash, createHmac } from 'node:crypto';
import { endpointOf, interpretOutcome, prepareCall, signingIdentity } from '../../../src/core/api-client';
import type { Crypto } from '../../../src/core/ports';
import { loadSettings } from '../../../src/core/settings';
import { answer, TEST_SECRET } from '../support/fake-api';
import { settingsOf } from '../support/fakes';
import { nodeCrypto } from '../support/node-crypto';

const signed = { baseUrl: 'http://203.0.113.10/ml', keyId: 'k1', secret: TEST_SECRET };
const unsigned = { ...signed, secret: null };
const fixedNonce: Crypto = { ...nodeCrypto, uuid: () => 'n-1' };
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('the endpoint', () => {
  it('is the base URL, key id and secret the settings name', () => {
    const settings = loadSettings(
      settingsOf({
        SHEETBRIDGE_BASE_URL: 'http://203.0.113.10',
        SHEETBRIDGE_KEY_ID: 'k7',
        SHEETBRIDGE_SECRET: 's',
      }),
    );
    expect(endpointOf(settings)).toEqual({ baseUrl: 'http://203.0.113.10', keyId: 'k7', secret: 's' });
  });

  it('needs a base URL', () => {
    expect(() => endpointOf(loadSettings(settingsOf({})))).toThrow(
      expect.objectContaining({ code: 'NOT_CONFIGURED' }),
    );
  });

  it('signs as its key id, or as nobody without a secret', () => {
    expect(signingIdentity(signed)).toBe('k1');
    expect(signingIdentity(unsigned)).toBeNull();
  });
});

describe('a prepared call', () => {
  it('a signed GET has no body and signs the hash of an empty one', () => {
    const { request, nonce } = prepareCall(
      signed,
      { method: 'get', path: '/v1/models' },
      fixedNonce,
      1_700_000_000_500,
    );
    const toSign = `SB1\n1700000000\nn-1\nGET\n/ml/v1/models\n${sha256('')}`;
    expect(request).toStrictEqual({
      url: 'http://203.0.113.10/ml/v1/models',
      method: 'get',
      headers: {
        Accept: 'application/json',
        'X-SB-Key-Id': 'k1',
        'X-SB-Timestamp': '1700000000',
        'X-SB-Nonce': 'n-1',
        'X-SB-Signature': createHmac('sha256', TEST_SECRET).update(toSign).digest('base64'),
      },
    });
    expect(nonce).toBe('n-1');
  });

  it('an unsigned POST carries its body and key, and nothing else', () => {
    const call = { method: 'post' as const, path: '/v1/predict', body: '{"rows":[]}', idempotencyKey: 'k' };
    expect(prepareCall(unsigned, call, fixedNonce, 0)).toEqual({
      request: {
        url: 'http://203.0.113.10/ml/v1/predict',
        method: 'post',
        headers: { Accept: 'application/json', 'Idempotency-Key': 'k' },
        body: '{"rows":[]}',
      },
      nonce: null,
    });
  });

  it('a POST with no body sends an empty one', () => {
    expect(prepareCall(unsigned, { method: 'post', path: '/v1/x' }, fixedNonce, 0).request.body).toBe('');
  });
});

describe('an answer', () => {
  const prepared = prepareCall(signed, { method: 'get', path: '/v1/models' }, fixedNonce, 0);

  it('keeps its status, headers and body, trusted once its signature verifies', () => {
    const good = answer(prepared.request, 200, '{"models":[]}');
    expect(interpretOutcome(prepared, good, signed, nodeCrypto)).toEqual({ ...good, trusted: true });
  });

  it.each([
    [
      'comes without a signature',
      { unsigned: true },
      'The API answered without a signature, so the answer was refused. Check that SHEETBRIDGE_BASE_URL points at the SheetBridge API and that the API has the signing secret.',
    ],
    [
      'has a signature that does not verify',
      { tamper: true },
      'The API answer failed its signature check, so it was refused: it may have been altered on the way, or the API uses another secret. Check SHEETBRIDGE_KEY_ID and SHEETBRIDGE_SECRET.',
    ],
  ])('is refused when a 2xx %s', (_case, options, message) => {
    const outcome = answer(prepared.request, 200, '{}', options);
    expect(() => interpretOutcome(prepared, outcome, signed, nodeCrypto)).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNATURE', message }),
    );
  });

  it('of an error without a signature is kept by its status, untrusted', () => {
    const bare = answer(prepared.request, 502, 'bad gateway', { unsigned: true });
    expect(interpretOutcome(prepared, bare, signed, nodeCrypto)).toEqual({ ...bare, trusted: false });
  });
});
