import { predictFunction } from '../../../src/features/predict/predict-function';
import { expectedResponseSignature } from '../../server/sign';
import { TEST_SECRET } from '../support/fake-api';
import { type GasMocks, httpResponse, installGasMocks } from '../support/gas-globals';

type FetchParams = {
  url: string;
  headers: Record<string, string>;
  payload?: string;
  muteHttpExceptions?: boolean;
};

function signedAnswer(
  params: FetchParams,
  status: number,
  payload: unknown,
  headerCase = 'X-SB-Response-Signature',
) {
  const body = JSON.stringify(payload);
  const signature = expectedResponseSignature(TEST_SECRET, params.headers['X-SB-Nonce'] ?? '', status, body);
  return httpResponse({
    status,
    headers: { [headerCase]: signature, 'Content-Type': 'application/json' },
    body,
  });
}

/** The model list, and the row length as the prediction. */
function echoApi(params: FetchParams) {
  if (params.url.endsWith('/v1/models')) {
    return signedAnswer(params, 200, {
      models: [{ name: 'default', version: '1', columns: ['a'], outputs: ['score'] }],
    });
  }
  const { rows } = JSON.parse(params.payload ?? '{}') as { rows: unknown[][] };
  return signedAnswer(
    params,
    200,
    { modelVersion: '1', results: rows.map((r) => ({ value: r.length })) },
    'x-Sb-Response-SIGNATURE',
  );
}

describe('PREDICT over a mocked UrlFetchApp', () => {
  let gas: GasMocks;

  beforeEach(() => {
    gas = installGasMocks();
    gas.scriptProperties.set('SHEETBRIDGE_BASE_URL', 'http://203.0.113.10');
    gas.scriptProperties.set('SHEETBRIDGE_SECRET', TEST_SECRET);
  });

  it('calls fetchAll with muteHttpExceptions and a JSON payload, and reads any header case', () => {
    gas.fetchAll.mockImplementation((all: FetchParams[]) => all.map(echoApi));
    expect(
      predictFunction([
        [1, 2, 3],
        ['', '', ''],
      ]),
    ).toEqual([[3], ['']]);
    const params = (gas.fetchAll.mock.calls.flat(2) as FetchParams[]).find((p) =>
      p.url.endsWith('/v1/predict'),
    );
    expect(params).toMatchObject({
      method: 'post',
      muteHttpExceptions: true,
      contentType: 'application/json; charset=utf-8',
    });
  });

  it('turns a fetchAll exception into a retry, then succeeds', () => {
    let predictCalls = 0;
    gas.fetchAll.mockImplementation((all: FetchParams[]) => {
      if (all.some((p) => p.url.endsWith('/v1/predict')) && ++predictCalls === 1) {
        throw new Error('Exception: Address unavailable: http://203.0.113.10/v1/predict');
      }
      return all.map(echoApi);
    });
    expect(predictFunction([[1]])).toEqual([[1]]);
    expect(predictCalls).toBe(2);
  });

  it('reads each property store once, and a warm call reads the results cache once and writes nothing', () => {
    gas.fetchAll.mockImplementation((all: FetchParams[]) => all.map(echoApi));
    const rows = Array.from({ length: 1_000 }, (_, i) => [i, 'x', i % 7]);
    predictFunction(rows);
    gas.propertyReads.count = 0;
    gas.fetchAll.mockClear();
    const gets = jest.spyOn(gas.documentCache, 'getAll');
    const puts = jest.spyOn(gas.documentCache, 'putAll');
    expect(predictFunction(rows)).toEqual(rows.map(() => [3]));
    expect(gas.propertyReads.count).toBe(2);
    expect(gets).toHaveBeenCalledTimes(1);
    expect(puts).not.toHaveBeenCalled();
    expect(gas.fetchAll).not.toHaveBeenCalled();
  });

  it("sends a date-only cell as its calendar day in the spreadsheet's time zone", () => {
    gas.timeZone.value = 'Asia/Tokyo';
    gas.fetchAll.mockImplementation((all: FetchParams[]) => all.map(echoApi));
    // 2026-11-26 00:00 in Tokyo, as Sheets hands a date-only cell to a custom function.
    predictFunction([[new Date(Date.UTC(2026, 10, 25, 15, 0, 0)), 1]]);
    const sent = (gas.fetchAll.mock.calls.flat(2) as FetchParams[]).find((p) =>
      p.url.endsWith('/v1/predict'),
    );
    expect(JSON.parse(sent?.payload ?? '{}').rows).toEqual([['2026-11-26T00:00:00.000+09:00', 1]]);
  });

  it('throws an actionable message when not configured', () => {
    gas.scriptProperties.delete('SHEETBRIDGE_BASE_URL');
    expect(() => predictFunction([[1]])).toThrow(
      /not connected to an API yet \(NOT_CONFIGURED\).*SHEETBRIDGE_BASE_URL/,
    );
    expect(gas.fetchAll).not.toHaveBeenCalled();
  });

  it("speaks the spreadsheet's language", () => {
    gas.locale.value = 'ja_JP';
    gas.scriptProperties.delete('SHEETBRIDGE_BASE_URL');
    expect(() => predictFunction([[1]])).toThrow(/接続先 API がまだ設定されていません \(NOT_CONFIGURED\)/);
  });

  it('a 401 is not retried and the message says what to check, without the secret', () => {
    gas.fetchAll.mockImplementation((all: FetchParams[]) =>
      all.map((p) =>
        signedAnswer(p, 401, { error: { code: 'AUTH_BAD_SIGNATURE', message: 'bad signature' } }),
      ),
    );
    let message = '';
    try {
      predictFunction([[1]]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/\(AUTH\).*SHEETBRIDGE_SECRET/);
    expect(message).not.toContain(TEST_SECRET);
    expect(gas.fetchAll).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a number as model', [[1]], 5, undefined, /model argument/],
    ['a text has_header', [[1]], 'default', 'maybe', /has_header must be TRUE or FALSE/],
  ])('refuses %s', (_name, rows, model, hasHeader, message) => {
    expect(() => predictFunction(rows, model, hasHeader)).toThrow(message);
  });

  it('accepts an omitted model and TRUE as text', () => {
    gas.fetchAll.mockImplementation((all: FetchParams[]) => all.map(echoApi));
    expect(predictFunction([['a'], [1]], '', 'TRUE')).toEqual([['score'], [1]]);
  });

  it('refuses a range too large for a formula', () => {
    expect(() => predictFunction(new Array(50_001).fill([1]))).toThrow(/Predict selection/);
  });
});
