import { answer, predictAnswer, predictValue } from '../support/fake-api';
import { harness, numericRows } from '../support/predict-harness';

describe('predictRows: happy path', () => {
  it('sends 10,000 rows in 20 parallel requests over 2 round trips and returns one row per input row', () => {
    const h = harness((req) => predictAnswer(req));
    const rows = numericRows(10_000);
    const report = h.run(rows);
    expect(report.requests).toBe(20);
    expect(report.roundTrips).toBe(2);
    expect(report.output).toHaveLength(10_000);
    expect(report.output[0]).toEqual([predictValue(rows[0] as number[])]);
    expect(report.output[9_999]).toEqual([predictValue(rows[9_999] as number[])]);
    expect(report.failedRows).toBe(0);
  });

  it('sends each batch with the contract body, an idempotency key and SB1 headers', () => {
    const h = harness((req) => predictAnswer(req));
    h.run([[1, 'pro', true]]);
    const [request] = h.http.requests;
    expect(request?.url).toBe('http://203.0.113.10/v1/predict');
    expect(request?.method).toBe('post');
    expect(JSON.parse(request?.body ?? '')).toEqual({ model: 'default', rows: [[1, 'pro', true]] });
    expect(request?.headers['Idempotency-Key']).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(request?.headers ?? {})).toEqual(
      expect.arrayContaining(['X-SB-Key-Id', 'X-SB-Timestamp', 'X-SB-Nonce', 'X-SB-Signature']),
    );
  });

  it('leaves blank rows blank and sends nothing for them', () => {
    const h = harness((req) => predictAnswer(req));
    const report = h.run([
      [1, 2],
      ['', ''],
      [3, null],
    ]);
    expect(report.output).toEqual([[3], [''], [3]]);
    expect(JSON.parse(h.http.requests[0]?.body ?? '').rows).toEqual([
      [1, 2],
      [3, null],
    ]);
    expect(report.blankRows).toBe(1);
  });

  it('makes no request at all for an all-blank range', () => {
    const h = harness((req) => predictAnswer(req));
    expect(h.run([['', '']]).output).toEqual([['']]);
    expect(h.http.requests).toHaveLength(0);
  });

  it('accepts a single value as a one-cell row', () => {
    const h = harness((req) => predictAnswer(req));
    expect(h.run(7).output).toEqual([[7]]);
  });

  it('spreads array values over columns and keeps every row the same width', () => {
    const h = harness((req) =>
      JSON.parse(req.body ?? '{}').rows.length
        ? predictAnswer(req, { arrayValues: true })
        : predictAnswer(req),
    );
    expect(h.run([[1], [''], [2]]).output).toEqual([
      [1, -1],
      ['', ''],
      [2, -2],
    ]);
  });

  it('sends Unicode text unchanged and dates as ISO-8601 strings', () => {
    const h = harness((req) => predictAnswer(req));
    h.run([['関東', '顧客 😀', new Date(Date.UTC(2026, 10, 26, 9, 30))]]);
    expect(JSON.parse(h.http.requests[0]?.body ?? '').rows).toEqual([
      ['関東', '顧客 😀', '2026-11-26T09:30:00.000+00:00'],
    ]);
  });

  it('with a header row sends the column names and puts output names first', () => {
    const h = harness((req) => predictAnswer(req));
    const report = h.run(
      [
        ['age', 'plan'],
        [30, 'pro'],
      ],
      { hasHeader: true },
    );
    expect(JSON.parse(h.http.requests[0]?.body ?? '').columns).toEqual(['age', 'plan']);
    expect(report.output).toEqual([['default'], [30]]);
  });

  it('names the output columns from the model list', () => {
    const h = harness((req) => predictAnswer(req));
    const models = () => [{ name: 'default', version: '1.0.0', columns: ['age'], outputs: ['score'] }];
    const report = h.runWith({ fetchModels: models }, [['age'], [30]]);
    expect(report.output).toEqual([['score'], [30]]);
  });

  it('skips the model list when the deadline leaves no time for it', () => {
    const h = harness((req) => predictAnswer(req));
    const models = jest.fn(() => [{ name: 'default', version: '1.0.0', columns: [], outputs: ['score'] }]);
    const report = h.runWith({ fetchModels: models, budgetMs: 1_000 }, [['age'], [30]]);
    expect(models).not.toHaveBeenCalled();
    expect(report.output[0]).toEqual(['default']);
  });

  it('uses the model named by the caller', () => {
    const h = harness((req) => predictAnswer(req));
    h.run([[1]], { model: 'churn-proba' });
    expect(JSON.parse(h.http.requests[0]?.body ?? '').model).toBe('churn-proba');
  });
});

describe('predictRows: per-row errors', () => {
  it('shows the API verdict in that row only', () => {
    const h = harness((req) => predictAnswer(req));
    const report = h.run([[1], ['bad'], [2]]);
    expect(report.output).toEqual([[1], ['#ERROR INVALID_ROW: first cell must not be "bad"'], [2]]);
    expect(report.failedRows).toBe(1);
  });

  it('never mixes up rows: an error keeps its own row among blanks and values', () => {
    const h = harness((req) => predictAnswer(req), { SHEETBRIDGE_BATCH_ROWS: '2' });
    const report = h.run([[1], [''], ['bad'], [4], [''], [5]]);
    expect(report.output.map((r) => r[0])).toEqual([
      1,
      '',
      '#ERROR INVALID_ROW: first cell must not be "bad"',
      4,
      '',
      5,
    ]);
  });
});

describe('predictRows: answers that break the contract', () => {
  const cases: Array<[string, string]> = [
    ['not JSON', '<html>oops</html>'],
    ['results of the wrong length', JSON.stringify({ results: [{ value: 1 }, { value: 2 }] })],
    ['no results array', JSON.stringify({ model: 'default' })],
    ['a result with neither value nor error', JSON.stringify({ results: [{ nothing: true }] })],
    ['an object value', JSON.stringify({ results: [{ value: { a: 1 } }] })],
  ];
  it.each(cases)('turns %s into BAD_RESPONSE cells without retrying', (_name, body) => {
    const h = harness((req) => answer(req, 200, body));
    const report = h.run([[1]]);
    expect(String(report.output[0]?.[0])).toMatch(/^#ERROR BAD_RESPONSE: /);
    expect(h.http.requests).toHaveLength(1);
  });
});

describe('predictRows: signatures', () => {
  it('refuses a tampered answer', () => {
    const h = harness((req) => predictAnswer(req, { tamper: true }));
    expect(() => h.run([[1]])).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
  });

  it('refuses an unsigned 200 when a secret is set', () => {
    const h = harness((req) => predictAnswer(req, { unsigned: true }));
    expect(() => h.run([[1]])).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
  });

  it('refuses an answer signed with another secret', () => {
    const h = harness((req) => predictAnswer(req, { secret: 'some-other-secret' }));
    expect(() => h.run([[1]])).toThrow(/signature check/);
  });

  it('sends unsigned requests and accepts unsigned answers when no secret is set', () => {
    const h = harness((req) => predictAnswer(req, { secret: null }), { SHEETBRIDGE_SECRET: '' });
    expect(h.run([[2]]).output).toEqual([[2]]);
    expect(h.http.requests[0]?.headers['X-SB-Signature']).toBeUndefined();
  });
});
