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

describe('classifyAnswer: the details of each message', () => {
  const message = (result: ApiResult) => {
    const verdict = classifyAnswer(result, 'm', NOW);
    if (verdict.kind === 'fail-call') return verdict.error.message;
    return 'message' in verdict ? verdict.message : null;
  };

  it('names the server code when its error has no message, and nothing when it has neither', () => {
    expect(message(response(500, { error: { code: 'DB_DOWN' } }))).toBe('HTTP 500 from the API: DB_DOWN');
    expect(message(response(500, { error: {} }))).toBe('HTTP 500 from the API');
    expect(message(response(500, '<html>oops</html>'))).toBe('HTTP 500 from the API');
  });

  it('does not read the row limit of a 413 or an unknown model from an unsigned answer', () => {
    const big = errorBody('TOO_LARGE', 'too many rows', { maxRows: 5 });
    expect(classifyAnswer(response(413, big, {}, false), 'm', NOW)).toEqual({
      kind: 'split',
      maxRows: null,
      reason: null,
    });
    expect(classifyAnswer(response(422, errorBody('UNKNOWN_MODEL'), {}, false), 'm', NOW)).toEqual({
      kind: 'fail-rows',
      code: 'REJECTED',
      message: 'HTTP 422 from the API (an unsigned answer: its details were ignored)',
    });
  });

  it('reads the code of a 401 even when its signature did not verify (a wrong secret cannot sign)', () => {
    expect(message(response(401, errorBody('AUTH_BAD_SIGNATURE'), {}, false))).toMatch(
      /^The API refused the request \(HTTP 401 AUTH_BAD_SIGNATURE\): /,
    );
  });

  it('takes UNKNOWN_MODEL as the whole call failing only on a 422', () => {
    expect(classifyAnswer(response(400, errorBody('UNKNOWN_MODEL', 'no such model')), 'm', NOW)).toEqual({
      kind: 'fail-rows',
      code: 'BAD_REQUEST',
      message: 'HTTP 400 from the API: no such model',
    });
  });

  it('fails the rows of a 422 for another reason than the model', () => {
    expect(classifyAnswer(response(422, errorBody('ROW_WIDTH', 'wrong width')), 'm', NOW)).toEqual({
      kind: 'fail-rows',
      code: 'REJECTED',
      message: 'HTTP 422 from the API: wrong width',
    });
  });

  it.each([
    [300, true],
    [399, true],
    [204, false],
    [400, false],
  ])('HTTP %i is a redirect: %p', (status, redirect) => {
    expect(
      message(response(status))?.startsWith(`The API answered with a redirect (HTTP ${status}): set`),
    ).toBe(redirect);
  });

  it('names at most 120 characters of where a redirect points, and gives the fix', () => {
    const location = `https://a.example/${'x'.repeat(200)}`;
    expect(message(response(302, '', { location }))).toBe(
      `The API answered with a redirect (HTTP 302 to ${location.slice(0, 120)}): set SHEETBRIDGE_BASE_URL to the final address, for example https:// instead of http://.`,
    );
  });

  it('says which base URL setting to check on a 404', () => {
    expect(message(response(404))).toBe(
      "The API answered 404 Not Found for /v1/predict: check that SHEETBRIDGE_BASE_URL is the API's address (with its base path, if any).",
    );
  });

  it('names the model on an unknown model, as a BAD_INPUT of the whole call', () => {
    const verdict = classifyAnswer(response(422, errorBody('UNKNOWN_MODEL')), 'churn', NOW);
    expect(verdict).toEqual({ kind: 'fail-call', error: expect.objectContaining({ code: 'BAD_INPUT' }) });
    expect(verdict.kind === 'fail-call' && verdict.error.message).toBe(
      'The API has no model named "churn": check the model argument or SHEETBRIDGE_MODEL.',
    );
  });

  it('treats a 2xx other than 200 as a bad response for its rows', () => {
    expect(classifyAnswer(response(204), 'm', NOW)).toEqual({
      kind: 'fail-rows',
      code: 'BAD_RESPONSE',
      message: 'HTTP 204 from the API',
    });
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
    [504, false],
  ])('HTTP %i -> %p', (status, expected) => {
    expect(serviceAnswered({ kind: 'response', status, headers: {}, body: '' })).toBe(expected);
  });

  it('a network failure, or no outcome at all, is not an answer', () => {
    expect(serviceAnswered({ kind: 'network-error', message: 'x' })).toBe(false);
    expect(serviceAnswered(undefined)).toBe(false);
  });
});
