import { splitInHalf, splitIntoBatches, utf8Length } from '../../../src/core/batching';
import { shapeOutput } from '../../../src/core/output';
import {
  isBlankRow,
  memoiseZoneOffset,
  neutraliseForSheet,
  toGrid,
  toJsonCell,
} from '../../../src/core/values';

describe('toJsonCell', () => {
  it.each([
    [34, 34],
    ['pro', 'pro'],
    ['東京都 渋谷区', '東京都 渋谷区'],
    [true, true],
    ['', null],
    [null, null],
    [undefined, null],
    [Number.NaN, null],
    [new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), '2026-01-02T03:04:05.000+00:00'],
  ])('converts %p to %p', (input, expected) => {
    expect(toJsonCell(input)).toEqual(expected);
  });

  it('recognises Dates from another realm', () => {
    const foreign = require('node:vm').runInNewContext('new Date(0)');
    expect(toJsonCell(foreign)).toBe('1970-01-01T00:00:00.000+00:00');
  });

  it.each([
    [
      'Tokyo, a date-only cell keeps its day',
      Date.UTC(2026, 10, 25, 15),
      540,
      '2026-11-26T00:00:00.000+09:00',
    ],
    ['New York in winter', Date.UTC(2026, 0, 2, 5, 30), -300, '2026-01-02T00:30:00.000-05:00'],
    ['Kathmandu, a quarter-hour offset', Date.UTC(2026, 0, 1, 18, 15), 345, '2026-01-02T00:00:00.000+05:45'],
  ])('sends a date as local time with its offset: %s', (_name, ms, offset, expected) => {
    expect(toJsonCell(new Date(ms), () => offset)).toBe(expected);
  });

  it('asks the zone at month boundaries, and narrows to days and instants only around a switch', () => {
    const asked: number[] = [];
    // Summer time from 2026-03-29 01:00Z: +60 before, +120 after (Europe/Berlin).
    const switchAt = Date.UTC(2026, 2, 29, 1);
    const offset = memoiseZoneOffset((ms) => {
      asked.push(ms);
      return ms < switchAt ? 60 : 120;
    });
    expect(offset(Date.UTC(2026, 0, 10))).toBe(60);
    expect(offset(Date.UTC(2026, 0, 20))).toBe(60);
    expect(asked).toHaveLength(2); // January: its two ends agree
    expect(offset(Date.UTC(2026, 2, 27, 10))).toBe(60);
    expect(offset(Date.UTC(2026, 2, 27, 22))).toBe(60);
    expect(offset(Date.UTC(2026, 2, 29, 0, 30))).toBe(60);
    expect(offset(Date.UTC(2026, 2, 29, 1, 30))).toBe(120);
    expect(offset(Date.UTC(2026, 2, 30, 12))).toBe(120);
  });
});

describe('grid helpers', () => {
  it('treats a scalar as a 1x1 range and keeps 2D arrays', () => {
    expect(toGrid(5)).toEqual([[5]]);
    expect(toGrid([[1, 2]])).toEqual([[1, 2]]);
  });

  it('knows blank rows', () => {
    expect(isBlankRow(['', null])).toBe(true);
    expect(isBlankRow(['', 0])).toBe(false);
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '\nx'])(
    'neutralises %p against formula injection',
    (text) => {
      expect(neutraliseForSheet(text)).toBe(`'${text}`);
    },
  );

  it.each(['007', 'TRUE', "'quoted", '2026-01-01', 'plain'])(
    'keeps %p literal text too (setValues would re-type it)',
    (text) => {
      expect(neutraliseForSheet(text)).toBe(`'${text}`);
    },
  );

  it('leaves numbers, booleans, Dates and empty cells alone', () => {
    const date = new Date(0);
    expect([-1, true, date, ''].map(neutraliseForSheet)).toEqual([-1, true, date, '']);
  });
});

describe('splitIntoBatches', () => {
  it('caps rows per batch and keeps row positions', () => {
    const rows = Array.from({ length: 7 }, (_, i) => [i]);
    const batches = splitIntoBatches(rows, [0, 2, 3, 5, 6, 8, 9], { maxRows: 3, maxBytes: 1_000_000 });
    expect(batches.map((b) => b.rows.length)).toEqual([3, 3, 1]);
    expect(batches[1]?.rowIndexes).toEqual([5, 6, 8]);
  });

  it('caps bytes per batch, counting multi-byte text as UTF-8', () => {
    const row = ['あ'.repeat(100)]; // 300 bytes of UTF-8 + JSON punctuation
    const batches = splitIntoBatches([row, row, row], [0, 1, 2], { maxRows: 100, maxBytes: 700 });
    expect(batches.map((b) => b.rows.length)).toEqual([2, 1]);
  });

  it('gives an oversized row a batch of its own', () => {
    const batches = splitIntoBatches([['x'.repeat(50)], [1]], [0, 1], { maxRows: 10, maxBytes: 10 });
    expect(batches).toHaveLength(2);
  });

  it.each(['abc', 'é', '関東', '😀x', ''])('utf8Length(%p) equals Buffer.byteLength', (text) => {
    expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });

  it('halves a batch', () => {
    const [a, b] = splitInHalf({ rowIndexes: [1, 2, 3], rows: [[1], [2], [3]] });
    expect(a.rowIndexes).toEqual([1, 2]);
    expect(b.rows).toEqual([[3]]);
  });
});

describe('shapeOutput', () => {
  it('pads every row to the widest result and puts header names first', () => {
    const output = shapeOutput(
      [{ ok: true, value: [1, 2] }, undefined, { ok: false, error: { code: 'INVALID_ROW', message: 'no' } }],
      ['p_stay', 'p_churn'],
    );
    expect(output).toEqual([
      ['p_stay', 'p_churn'],
      [1, 2],
      ['', ''],
      ['#ERROR INVALID_ROW: no', ''],
    ]);
  });

  it('shows null values as empty cells', () => {
    expect(shapeOutput([{ ok: true, value: null }], null)).toEqual([['']]);
  });
});
