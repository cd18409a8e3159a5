// Edges of the small core helpers, each as a caller sees it: where a batch ends, how many bytes a
// row costs, what a cell shows, what exactly gets signed.
import { splitInHalf, splitIntoBatches, utf8Length } from '../../../src/core/batching';
import { authError } from '../../../src/core/errors';
import { errorCellText, shapeOutput } from '../../../src/core/output';
import { pathAndQuery, requestStringToSign, verifyResponseSignature } from '../../../src/core/signing';
import { toGrid, toJsonCell, toLocalIsoString } from '../../../src/core/values';
import { signAnswer } from '../support/fake-api';
import { nodeCrypto } from '../support/node-crypto';

describe('batches', () => {
  // [1] is 3 bytes of JSON, plus 1 for the separating comma: 4 bytes a row.
  const rows = (count: number) => Array.from({ length: count }, () => [1]);

  it('fills a batch up to exactly maxBytes, and starts the next past it', () => {
    expect(splitIntoBatches(rows(4), [], { maxRows: 10, maxBytes: 8 }).map((b) => b.rows.length)).toEqual([
      2, 2,
    ]);
    expect(splitIntoBatches(rows(4), [], { maxRows: 10, maxBytes: 7 }).map((b) => b.rows.length)).toEqual([
      1, 1, 1, 1,
    ]);
  });

  it('holds exactly maxRows rows', () => {
    expect(splitIntoBatches(rows(4), [], { maxRows: 2, maxBytes: 1_000 }).map((b) => b.rows.length)).toEqual([
      2, 2,
    ]);
    expect(splitIntoBatches(rows(1), [], { maxRows: 1, maxBytes: 1_000 })).toEqual([
      { rowIndexes: [0], rows: [[1]] },
    ]);
  });

  it('numbers rows by their place when no positions are given, and makes no empty batch', () => {
    expect(splitIntoBatches(rows(3), [], { maxRows: 2, maxBytes: 1_000 }).map((b) => b.rowIndexes)).toEqual([
      [0, 1],
      [2],
    ]);
    expect(splitIntoBatches([], [], { maxRows: 2, maxBytes: 1_000 })).toEqual([]);
  });

  it('halves an odd batch with the larger half first, keeping positions', () => {
    const [a, b] = splitInHalf({ rowIndexes: [4, 5, 6, 7, 8], rows: [[4], [5], [6], [7], [8]] });
    expect(a).toEqual({ rowIndexes: [4, 5, 6], rows: [[4], [5], [6]] });
    expect(b).toEqual({ rowIndexes: [7, 8], rows: [[7], [8]] });
  });

  it.each([
    '\u007f',
    '\u0080',
    '\u07ff',
    '\u0800',
    '\ud7ff',
    '\ud800\udc00',
    '\udbff\udfff',
    '\ue000',
    '\uffff',
    '日本語のテキスト',
    'ＡＢＣ　ｶﾅ￥', // full-width and half-width forms: 3-byte characters above the surrogates
  ])('counts %j as UTF-8 does', (text) => {
    expect(utf8Length(`a${text}b`)).toBe(Buffer.byteLength(`a${text}b`, 'utf8'));
  });
});

describe('cells', () => {
  it('shows an error as "#ERROR CODE: message"', () => {
    expect(errorCellText('TIMEOUT', 'too slow')).toBe('#ERROR TIMEOUT: too slow');
  });

  it('is as wide as the header when the header is wider than any result', () => {
    expect(shapeOutput([{ ok: true, value: 1 }, undefined], ['a', 'b', 'c'])).toEqual([
      ['a', 'b', 'c'],
      [1, '', ''],
      ['', '', ''],
    ]);
    expect(shapeOutput([], null)).toEqual([]);
    expect(shapeOutput([undefined], null)).toEqual([['']]);
  });

  it('keeps false and 0 as values, and an array element null as an empty cell', () => {
    expect(shapeOutput([{ ok: true, value: [0, false, null] }], null)).toEqual([[0, false, '']]);
  });

  it.each([
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [0, 0],
    [false, false],
    [new Date(Number.NaN), null],
    [{ toString: () => 'obj' }, 'obj'],
  ])('sends the cell %p as %p', (cell, json) => {
    expect(toJsonCell(cell)).toBe(json);
  });

  it('writes offsets west of UTC and half hours', () => {
    expect(toLocalIsoString(0, () => -330)).toBe('1969-12-31T18:30:00.000-05:30');
    expect(toLocalIsoString(0, () => 345)).toBe('1970-01-01T05:45:00.000+05:45');
    expect(toLocalIsoString(0)).toBe('1970-01-01T00:00:00.000+00:00');
  });

  it('reads a one-column range given as a flat list as one row per value', () => {
    expect(toGrid([1, 2])).toEqual([[1], [2]]);
    expect(toGrid([])).toEqual([]);
  });
});

describe('what is signed', () => {
  it.each([
    ['HTTPS://api.example.com/ml/v1/predict#frag', '/ml/v1/predict'],
    ['http://host', '/'],
    ['not a url', '/'],
  ])('signs the path of %s as %s', (url, path) => {
    expect(pathAndQuery(url)).toBe(path);
  });

  it('puts the upper-case method in the request string', () => {
    expect(requestStringToSign('1', 'n', 'post', 'http://h/v1/x?a=1', 'hash')).toBe(
      'SB1\n1\nn\nPOST\n/v1/x?a=1\nhash',
    );
  });

  it('accepts a signature with surrounding spaces and refuses a truncated or extended one', () => {
    const good = signAnswer('shh', 'n1', 200, 'body');
    const check = (signature: string) =>
      verifyResponseSignature(nodeCrypto, 'shh', 'n1', 200, 'body', signature);
    expect(check(` ${good} `)).toBe(true);
    expect(check(good.slice(0, -1))).toBe(false);
    expect(check(`${good}A`)).toBe(false);
    expect(check(`${good[0] === 'A' ? 'B' : 'A'}${good.slice(1)}`)).toBe(false);
    expect(check('')).toBe(false);
  });
});

describe('what a refused key says', () => {
  it.each([
    ['AUTH_MISSING', 'the API requires signed requests: set SHEETBRIDGE_SECRET'],
    ['AUTH_UNKNOWN_KEY', 'the API does not know SHEETBRIDGE_KEY_ID: check the key id'],
    [
      'AUTH_STALE_TIMESTAMP',
      "the request's time is more than 5 minutes off the API's clock: check the server's clock",
    ],
    ['AUTH_REPLAYED_NONCE', 'the API saw this request twice: try again'],
    [
      'AUTH_BAD_SIGNATURE',
      'the signature does not match: check that SHEETBRIDGE_SECRET is the secret of SHEETBRIDGE_KEY_ID',
    ],
    ['SOMETHING_ELSE', 'check SHEETBRIDGE_KEY_ID and SHEETBRIDGE_SECRET against the API'],
  ])('the API code %s says what to check', (code, hint) => {
    expect(authError(401, code)).toMatchObject({
      code: 'AUTH',
      message: `The API refused the request (HTTP 401 ${code}): ${hint}.`,
    });
  });

  it('an answer with no code names only the status, and the general hint', () => {
    expect(authError(403, null).message).toBe(
      'The API refused the request (HTTP 403): check SHEETBRIDGE_KEY_ID and SHEETBRIDGE_SECRET against the API.',
    );
  });
});
