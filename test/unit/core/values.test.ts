import {
  isBlankRow,
  isDate,
  memoiseZoneOffset,
  neutraliseForSheet,
  toGrid,
  toJsonCell,
  toLocalIsoString,
} from '../../../src/core/values';

describe('cells as contract v1 sends them', () => {
  it.each([
    ['infinity', Number.POSITIVE_INFINITY, null],
    ['minus infinity', Number.NEGATIVE_INFINITY, null],
    ['zero', 0, 0],
    ['false', false, false],
    ['an invalid Date', new Date(Number.NaN), null],
    ['an object', { toString: () => 'obj' }, 'obj'],
    ['a bigint', 12n, '12'],
  ])('sends %s as %p', (_name, input, expected) => {
    expect(toJsonCell(input)).toBe(expected);
  });

  it('sends a Date in the zone it is given', () => {
    expect(toJsonCell(new Date(0), () => -90)).toBe('1969-12-31T22:30:00.000-01:30');
  });

  it('knows a Date by its tag, not its shape', () => {
    expect(isDate(new Date(0))).toBe(true);
    expect(isDate({ getTime: () => 0 })).toBe(false);
    expect(isDate('2026-01-01')).toBe(false);
  });

  it.each([
    [0, '+00:00'],
    [-1, '-00:01'],
    [600, '+10:00'],
    [-600, '-10:00'],
    [-59, '-00:59'],
    [61, '+01:01'],
  ])('writes an offset of %p minutes as %p', (offset, suffix) => {
    const text = toLocalIsoString(Date.UTC(2026, 5, 1, 12), () => offset);
    expect(text.slice(-6)).toBe(suffix);
    expect(new Date(text).getTime()).toBe(Date.UTC(2026, 5, 1, 12));
  });
});

describe('the zone offset, asked as seldom as possible', () => {
  /** Summer time from 2026-10-04 16:00Z (Sydney): +600 before, +660 after; asked instants recorded. */
  function sydney() {
    const asked: number[] = [];
    const switchAt = Date.UTC(2026, 9, 4, 16);
    const offset = memoiseZoneOffset((ms) => {
      asked.push(ms);
      return ms < switchAt ? 600 : 660;
    });
    return { asked, offset, switchAt };
  }

  it('a month whose ends agree costs two questions, asked once however many dates fall in it', () => {
    const { asked, offset } = sydney();
    for (let day = 1; day <= 30; day++) expect(offset(Date.UTC(2026, 5, day, 7))).toBe(600);
    expect(asked).toEqual([Date.UTC(2026, 5, 1), Date.UTC(2026, 6, 1)]);
  });

  it('December ends at the next January', () => {
    const { asked, offset } = sydney();
    expect(offset(Date.UTC(2026, 11, 31, 23))).toBe(660);
    expect(asked).toEqual([Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1)]);
  });

  it('in the month of a switch, a day whose ends agree costs its two ends', () => {
    const { asked, offset } = sydney();
    expect(offset(Date.UTC(2026, 9, 20, 12))).toBe(660);
    expect(asked).toEqual([
      Date.UTC(2026, 9, 1),
      Date.UTC(2026, 10, 1),
      Date.UTC(2026, 9, 20),
      Date.UTC(2026, 9, 21),
    ]);
  });

  it('on the day of the switch, each instant is asked', () => {
    const { asked, offset, switchAt } = sydney();
    expect(offset(switchAt - 1)).toBe(600);
    expect(offset(switchAt)).toBe(660);
    expect(offset(switchAt)).toBe(660);
    expect(asked.slice(4)).toEqual([switchAt - 1, switchAt, switchAt]);
  });
});

describe('grids and rows', () => {
  it('reads an empty range as no rows, and a flat list as a column', () => {
    expect(toGrid([])).toEqual([]);
    expect(toGrid([1, [2, 3]])).toEqual([[1], [2, 3]]);
    expect(toGrid('x')).toEqual([['x']]);
  });

  it('a row with any value, even 0 or false, is not blank', () => {
    expect(isBlankRow(['', null, undefined])).toBe(true);
    expect(isBlankRow([])).toBe(true);
    expect(isBlankRow(['', 0])).toBe(false);
    expect(isBlankRow([false, ''])).toBe(false);
  });

  it('leaves an empty string empty', () => {
    expect(neutraliseForSheet('')).toBe('');
  });
});
