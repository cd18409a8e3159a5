import { createHash, createHmac } from 'node:crypto';
import {
  fullJitterDelayMs,
  isRetryableStatus,
  parseRetryAfterMs,
  RetryBudget,
} from '../../../src/core/retry';
import { pathAndQuery, signRequest, verifyResponseSignature } from '../../../src/core/signing';
import { expectedResponseSignature } from '../../server/sign';
import { MemoryCache } from '../support/fakes';
import { nodeCrypto } from '../support/node-crypto';

describe('SB1 request signing', () => {
  it('matches an independent computation with node:crypto', () => {
    const body = JSON.stringify({ model: 'default', rows: [['関東', 1]] });
    const now = 1_764_150_000_123;
    const headers = signRequest(
      nodeCrypto,
      'shh',
      'k2',
      now,
      'post',
      'http://203.0.113.10/ml/v1/predict',
      body,
    );
    const bodyHash = createHash('sha256').update(Buffer.from(body, 'utf8')).digest('hex');
    const stringToSign = `SB1\n1764150000\n${headers['X-SB-Nonce']}\nPOST\n/ml/v1/predict\n${bodyHash}`;
    expect(headers['X-SB-Key-Id']).toBe('k2');
    expect(headers['X-SB-Timestamp']).toBe('1764150000');
    expect(headers['X-SB-Signature']).toBe(createHmac('sha256', 'shh').update(stringToSign).digest('base64'));
  });

  it.each([
    ['http://203.0.113.10/v1/predict', '/v1/predict'],
    ['https://api.example.com/ml/v1/models?x=1', '/ml/v1/models?x=1'],
    ['http://host:8080', '/'],
    ['http://host?x=1', '/?x=1'],
  ])('signs the path and query of %s as %s', (url, expected) => {
    expect(pathAndQuery(url)).toBe(expected);
  });

  it('verifies a response signature and refuses a wrong or missing one', () => {
    const good = expectedResponseSignature('shh', 'n1', 200, '{"ok":1}');
    expect(verifyResponseSignature(nodeCrypto, 'shh', 'n1', 200, '{"ok":1}', good)).toBe(true);
    expect(verifyResponseSignature(nodeCrypto, 'shh', 'n1', 201, '{"ok":1}', good)).toBe(false);
    expect(verifyResponseSignature(nodeCrypto, 'shh', 'n2', 200, '{"ok":1}', good)).toBe(false);
    expect(verifyResponseSignature(nodeCrypto, 'shh', 'n1', 200, '{"ok":2}', good)).toBe(false);
    expect(verifyResponseSignature(nodeCrypto, 'shh', 'n1', 200, '{"ok":1}', undefined)).toBe(false);
  });
});

describe('retry policy', () => {
  it('retries exactly the statuses DESIGN.md names (plus 409 in progress)', () => {
    const retryable = [200, 400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504].filter(
      isRetryableStatus,
    );
    expect(retryable).toEqual([408, 409, 429, 500, 502, 503, 504]);
  });

  it('draws full-jitter delays below the exponential ceiling', () => {
    const policy = { baseMs: 100, capMs: 1_000 };
    expect(fullJitterDelayMs(0, policy, () => 0.999)).toBeLessThan(100);
    expect(fullJitterDelayMs(3, policy, () => 0.999)).toBeLessThan(800);
    expect(fullJitterDelayMs(10, policy, () => 0.999)).toBeLessThan(1_000);
    expect(fullJitterDelayMs(2, policy, () => 0)).toBe(0);
  });

  it('reads Retry-After in seconds or as an HTTP-date', () => {
    const now = Date.UTC(2026, 10, 26, 12, 0, 0);
    expect(parseRetryAfterMs('2', now)).toBe(2_000);
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeNull();
    expect(parseRetryAfterMs(undefined, now)).toBeNull();
  });

  it('shares the retry budget through the cache, refunds successes and refills with time', () => {
    let now = 0;
    const cache = new MemoryCache({ nowMs: () => now });
    const options = { capacity: 10, retryCost: 5, refillPerSecond: 1 };
    const a = new RetryBudget(cache, 'k', () => now, options);
    expect(a.tryAcquire()).toBe(true);
    const b = new RetryBudget(cache, 'k', () => now, options);
    expect(b.tryAcquire()).toBe(true);
    expect(a.tryAcquire()).toBe(false);
    b.refund();
    expect(a.tryAcquire()).toBe(true);
    now += 5_000;
    expect(a.tryAcquire()).toBe(true);
  });
});
