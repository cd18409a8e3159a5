import { classifyAnswer, serviceAnswered } from '../../../src/core/answer';
import type { ApiResult } from '../../../src/core/api-client';

const NOW = Date.UTC(2026, 10, 30, 12);
const response = (
  status: number,
  body: unknown = '',
  headers: Record<string, string> = {},
  trusted = true,
): ApiResult => ({
  kind: 'response',
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  trusted,
});
const errorBody = (code: string, message = `${code} text`, extra: object = {}) => ({
  error: { code, message, ...extra },
});

describe('classifyAnswer: what one answer means for its batch', () => {
  it('accepts a 200 with its body', () => {
    expect(classifyAnswer(response(200, '{"results":[]}'), 'm', NOW)).toEqual({
      kind: 'accept',
      body: '{"results":[]}',
    });
  });

  it.each([
    [408, 'TIMEOUT'],
    [409, 'UNAVAILABLE'],
    [429, 'RATE_LIMITED'],
    [500, 'SERVER_ERROR'],
    [502, 'UNAVAILABLE'],
    [503, 'UNAVAILABLE'],
    [504, 'UNAVAILABLE'],
  ])('retries HTTP %i as %s, with the server message', (status, code) => {
    expect(classifyAnswer(response(status, errorBody('X', 'busy')), 'm', NOW)).toEqual({
      kind: 'retry',
      code,
      message: `HTTP ${status} from the API: busy`,
      retryAfterMs: null,
    });
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    const seconds = classifyAnswer(response(503, '', { 'retry-after': '7' }), 'm', NOW);
    const date = classifyAnswer(
      response(503, '', { 'retry-after': new Date(NOW + 3_000).toUTCString() }),
      'm',
      NOW,
    );
    expect(seconds).toMatchObject({ kind: 'retry', retryAfterMs: 7_000 });
    expect(date).toMatchObject({ kind: 'retry', retryAfterMs: 3_000 });
  });

  it('retries a network failure as UNAVAILABLE', () => {
    expect(classifyAnswer({ kind: 'network-error', message: 'refused' }, 'm', NOW)).toEqual({
      kind: 'retry',
      code: 'UNAVAILABLE',
      message: 'could not reach the API (refused)',
      retryAfterMs: null,
    });
  });

  it('splits on 413, going straight to the maxRows the server names', () => {
    expect(
      classifyAnswer(response(413, errorBody('TOO_LARGE', 'too many rows', { maxRows: 100 })), 'm', NOW),
    ).toEqual({
      kind: 'split',
      maxRows: 100,
      reason: 'too many rows',
    });
  });

  it.each([
    [400, 'BAD_REQUEST'],
    [422, 'REJECTED'],
    [418, 'BAD_RESPONSE'],
  ])('fails the rows of HTTP %i as %s', (status, code) => {
    expect(classifyAnswer(response(status, errorBody('X', 'no')), 'm', NOW)).toEqual({
      kind: 'fail-rows',
      code,
      message: `HTTP ${status} from the API: no`,
    });
  });

  it('ignores the body of an error answer whose signature did not verify', () => {
    const verdict = classifyAnswer(response(400, errorBody('X', '=HYPERLINK("evil")'), {}, false), 'm', NOW);
    expect(verdict).toEqual({
      kind: 'fail-rows',
      code: 'BAD_REQUEST',
      message: 'HTTP 400 from the API (an unsigned answer: its details were ignored)',
    });
  });

  it.each([
    [401, errorBody('AUTH_UNKNOWN_KEY'), 'AUTH', /SHEETBRIDGE_KEY_ID/],
    [403, '', 'AUTH', /SHEETBRIDGE_SECRET/],
    [404, '', 'BAD_SETTING', /404 Not Found for \/v1\/predict/],
    [422, errorBody('UNKNOWN_MODEL'), 'BAD_INPUT', /no model named "churn"/],
  ])('fails the whole call on HTTP %i', (status, body, code, message) => {
    const verdict = classifyAnswer(response(status, body), 'churn', NOW);
    expect(verdict.kind).toBe('fail-call');
    if (verdict.kind !== 'fail-call') return;
    expect(verdict.error.code).toBe(code);
    expect(verdict.error.message).toMatch(message);
  });

  it('names the redirect target in the whole-call error', () => {
    const verdict = classifyAnswer(
      response(301, '', { location: 'https://api.example.com/v1/predict' }),
      'm',
      NOW,
    );
    expect(verdict.kind === 'fail-call' && verdict.error.message).toMatch(
      /redirect \(HTTP 301 to https:\/\/api\.example\.com/,
    );
  });
});

describe('serviceAnswered: what the circuit breaker counts as the API answering', () => {
  it.each([
    [200, true],
    [400, true],
    [429, true],
    [500, true],
    [501, true],
    [408, false],
    [502, false],
    [503, false],
  ])('HTTP %i -> %p', (status, expected) => {
    expect(serviceAnswered({ kind: 'response', status, headers: {}, body: '' })).toBe(expected);
  });

  it('a network failure is not an answer', () => {
    expect(serviceAnswered({ kind: 'network-error', message: 'x' })).toBe(false);
  });
});
