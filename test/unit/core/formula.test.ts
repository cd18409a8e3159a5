import { parsePredictFormula, siblingCalls } from '../../../src/core/formula';

describe('reading PREDICT formulas', () => {
  it.each([
    ['=PREDICT(A2:H2)', { sheet: null, firstRow: 2, lastRow: 2, firstColumn: 1, lastColumn: 8, rest: '' }],
    [
      '=predict( $A$7 : $H7 , "churn-proba", TRUE )',
      { firstRow: 7, lastColumn: 8, rest: ',"CHURN-PROBA",TRUE' },
    ],
    [
      "=PREDICT('My data'!B3:AA4)",
      { sheet: 'My data', firstRow: 3, lastRow: 4, firstColumn: 2, lastColumn: 27 },
    ],
    ['=PREDICT(C5)', { firstRow: 5, lastRow: 5, firstColumn: 3, lastColumn: 3 }],
  ])('reads %s', (formula, expected) => {
    expect(parsePredictFormula(formula)).toMatchObject(expected);
  });

  it.each([
    [''],
    ['=SUM(A2:H2)'],
    ['=PREDICT(A2:H2)+1'],
    ['=PREDICT(FILTER(A2:H9,A2:A9>1))'],
    ['PREDICT(A2:H2)'],
  ])('is not fooled by %p', (formula) => {
    expect(parsePredictFormula(formula)).toBeNull();
  });
});

describe('finding dragged-down siblings', () => {
  const caller = parsePredictFormula('=PREDICT(A10:H10)');
  const column = (formulas: Record<number, string>) =>
    Object.entries(formulas).map(([row, formula]) => ({ row: Number(row), formula }));

  it('takes the same call shifted by rows, nearest first, and never the caller itself', () => {
    const siblings = siblingCalls(
      caller as never,
      10,
      column({
        8: '=PREDICT(A8:H8)',
        9: '=PREDICT(A9:H9)',
        10: '=PREDICT(A10:H10)',
        12: '=PREDICT(A12:H12)',
      }),
      100,
    );
    expect(siblings.map((s) => s.firstRow)).toEqual([9, 8, 12]);
  });

  it.each([
    ['another model', '=PREDICT(A11:H11,"other")'],
    ['other columns', '=PREDICT(B11:I11)'],
    ['another height', '=PREDICT(A11:H12)'],
    ['another row offset', '=PREDICT(A12:H12)'],
    ['another sheet', "=PREDICT('Other'!A11:H11)"],
    ['another function', '=SUM(A11:H11)'],
  ])('leaves out a call with %s', (_name, formula) => {
    expect(siblingCalls(caller as never, 10, column({ 11: formula }), 100)).toEqual([]);
  });

  it('stops at maxRows rows', () => {
    const many = column(
      Object.fromEntries(Array.from({ length: 50 }, (_, i) => [i + 11, `=PREDICT(A${i + 11}:H${i + 11})`])),
    );
    expect(siblingCalls(caller as never, 10, many, 20)).toHaveLength(20);
  });
});
