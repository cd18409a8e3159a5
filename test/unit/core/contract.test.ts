// Contract v1 read strictly: what the API sends either becomes exactly these cells and errors, or
// the whole answer is refused as BAD_RESPONSE with a reason a developer can act on.
import {
  buildPredictBody,
  ContractViolation,
  parseErrorBody,
  parseModelsAnswer,
  parsePredictAnswer,
} from '../../../src/core/contract';
import { isSheetBridgeError, normaliseRowErrorCode, SheetBridgeError } from '../../../src/core/errors';

const results = (...items: unknown[]) => JSON.stringify({ modelVersion: '1.2.0', results: items });

describe('error codes', () => {
  it('a SheetBridgeError carries its code and message and says what it is', () => {
    const error = new SheetBridgeError('TIMEOUT', 'too slow');
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe('SheetBridgeError: too slow');
    expect(error.code).toBe('TIMEOUT');
    expect(isSheetBridgeError(error)).toBe(true);
    expect(isSheetBridgeError(Object.assign(new Error('x'), { code: 'TIMEOUT' }))).toBe(false);
  });

  it.each(['AGE_RANGE', 'E2', `A${'B'.repeat(31)}`])('passes the server row code %s through', (code) => {
    expect(normaliseRowErrorCode(code)).toBe(code);
  });

  it.each([
    'A',
    `A${'B'.repeat(32)}`,
    'age_range',
    '2FAST',
    'AGE RANGE',
    'AGE-RANGE',
    'xAGE',
    'AGEx',
    42,
    null,
    ['AGE_RANGE'],
    { toString: () => 'AGE_RANGE' },
  ])('turns %j into INVALID_ROW', (code) => {
    expect(normaliseRowErrorCode(code)).toBe('INVALID_ROW');
  });
});

describe('predict request body', () => {
  it('names the columns only when there are some', () => {
    expect(buildPredictBody('churn', ['age', 'plan'], [[1, 'a']])).toBe(
      '{"model":"churn","columns":["age","plan"],"rows":[[1,"a"]]}',
    );
    expect(buildPredictBody('churn', null, [[null]])).toBe('{"model":"churn","rows":[[null]]}');
  });
});

describe('predict answer', () => {
  it('reads values, flat arrays and per-row errors, with the model version', () => {
    const answer = parsePredictAnswer(
      results(
        { value: 0.5 },
        { value: null },
        { value: 'yes' },
        { value: false },
        { value: [1, 'a', true, null] },
        { error: { code: 'AGE_RANGE', message: 'age must be 0-120' } },
        { error: { code: 'lower', message: 'x' } },
      ),
      7,
    );
    expect(answer).toEqual({
      modelVersion: '1.2.0',
      results: [
        { ok: true, value: 0.5 },
        { ok: true, value: null },
        { ok: true, value: 'yes' },
        { ok: true, value: false },
        { ok: true, value: [1, 'a', true, null] },
        { ok: false, error: { code: 'AGE_RANGE', message: 'age must be 0-120' } },
        { ok: false, error: { code: 'INVALID_ROW', message: 'x' } },
      ],
    });
  });

  it('keeps at most 300 characters of a row error message', () => {
    const answer = parsePredictAnswer(results({ error: { code: 'E', message: 'm'.repeat(400) } }), 1);
    expect(answer.results[0]).toEqual({
      ok: false,
      error: { code: 'INVALID_ROW', message: 'm'.repeat(300) },
    });
  });

  it('has no model version when the API names none, or names it oddly', () => {
    expect(parsePredictAnswer('{"results":[]}', 0).modelVersion).toBeNull();
    expect(parsePredictAnswer('{"modelVersion":3,"results":[]}', 0).modelVersion).toBeNull();
  });

  it.each([
    ['<html>502</html>', 2, 'the answer is not JSON'],
    ['null', 2, 'the answer has no "results" array'],
    ['[]', 2, 'the answer has no "results" array'],
    ['{"results":{}}', 2, 'the answer has no "results" array'],
    ['{"results":[{"value":1}]}', 2, 'the answer has 1 results for 2 rows'],
    [results(null, 1), 2, 'results[0] is not an object'],
    [results({ value: 1 }, [1]), 2, 'results[1] is not an object'],
    [results({ value: 1 }, 'x'), 2, 'results[1] is not an object'],
    [results({ value: {} }, {}), 2, 'results[0].value is not a number, text, boolean, null or flat array'],
    [results({ value: [] }, {}), 2, 'results[0].value is not a number, text, boolean, null or flat array'],
    [results({ value: [[1]] }, {}), 2, 'results[0].value is not a number, text, boolean, null or flat array'],
    [
      results({ value: [1, [2]] }, {}),
      2,
      'results[0].value is not a number, text, boolean, null or flat array',
    ],
    [
      '{"results":[{"value":1e999},{}]}',
      2,
      'results[0].value is not a number, text, boolean, null or flat array',
    ],
    [results({ value: 1 }, {}), 2, 'results[1] has neither "value" nor "error"'],
    [results({ value: 1 }, { error: null }), 2, 'results[1] has neither "value" nor "error"'],
    [results({ value: 1 }, { error: 'bad' }), 2, 'results[1] has neither "value" nor "error"'],
    [results({ value: 1 }, { error: { code: 'E' } }), 2, 'results[1] has neither "value" nor "error"'],
  ])('refuses %s for %d rows: %s', (body, rows, reason) => {
    expect(() => parsePredictAnswer(body, rows)).toThrow(new ContractViolation(reason));
    expect(() => parsePredictAnswer(body, rows)).toThrow(ContractViolation);
  });
});

describe('error answer', () => {
  const none = { code: null, message: null, maxRows: null };

  it.each(['<html>413</html>', '"x"', 'null', '{"error":"x"}', '{"error":null}', '{}'])(
    'finds nothing usable in %s',
    (body) => {
      expect(parseErrorBody(body)).toEqual(none);
    },
  );

  it('reads code, message and maxRows, inside the error or beside it', () => {
    expect(parseErrorBody('{"error":{"code":"AUTH_X","message":"m","maxRows":50}}')).toEqual({
      code: 'AUTH_X',
      message: 'm',
      maxRows: 50,
    });
    expect(parseErrorBody('{"error":{},"maxRows":20}')).toEqual({ ...none, maxRows: 20 });
    expect(parseErrorBody('{"error":{"maxRows":"10"}}').maxRows).toBe(10);
  });

  it.each([0, -3, 2.5, 'many', null])('ignores maxRows %j', (maxRows) => {
    expect(parseErrorBody(JSON.stringify({ error: { maxRows } })).maxRows).toBeNull();
  });

  it('cuts long texts and ignores non-text ones', () => {
    const parsed = parseErrorBody(
      JSON.stringify({ error: { code: 'C'.repeat(50), message: 'm'.repeat(400) } }),
    );
    expect(parsed.code).toBe('C'.repeat(40));
    expect(parsed.message).toBe('m'.repeat(300));
    expect(parseErrorBody('{"error":{"code":7,"message":false}}')).toEqual(none);
  });
});

describe('model list', () => {
  it('keeps named models and only the text parts of each', () => {
    const body = JSON.stringify({
      models: [
        { name: 'default', version: '1.0.0', columns: ['age', 3, 'plan'], outputs: ['score'] },
        { name: 'bare' },
        { name: 'odd', version: 2, columns: 'age', outputs: null },
        { version: '9' },
        null,
        'churn',
      ],
    });
    expect(parseModelsAnswer(body)).toEqual([
      { name: 'default', version: '1.0.0', columns: ['age', 'plan'], outputs: ['score'] },
      { name: 'bare', version: null, columns: [], outputs: [] },
      { name: 'odd', version: null, columns: [], outputs: [] },
    ]);
  });

  it.each([
    ['not json', 'the models answer is not JSON'],
    ['null', 'the models answer has no "models" array'],
    ['{"models":{}}', 'the models answer has no "models" array'],
  ])('refuses %s', (body, reason) => {
    expect(() => parseModelsAnswer(body)).toThrow(new ContractViolation(reason));
  });
});
