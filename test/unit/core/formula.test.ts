import { parsePredictFormula, siblingCalls } from '../../../src/core/formula';

/** A column's PREDICT formulas by row, as the sibling search reads them. */
const column = (formulas: Record<number, string>) =>
  Object.entries(formulas).map(([row, formula]) => ({ row: Number(row), formula }));

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
    ['x=PREDICT(A2)'],
    ['=PREDICTS(A2)'],
    ['=PREDICT A2'],
    ['=PREDICT(A2'],
    ['=PREDICT(AAAA2)'],
    ['=PREDICT(A)'],
    ['=PREDICT(2)'],
    ['=PREDICT(A2:B)'],
    ['=PREDICT(A2,B2)+PREDICT(A3)'],
    ["=PREDICT(''!A2)"],
    ['=PREDICT(my sheet!A2)'],
    ['=PREDICT(A2;B2)'],
  ])('is not fooled by %p', (formula) => {
    expect(parsePredictFormula(formula)).toBeNull();
  });
});

describe('finding dragged-down siblings', () => {
  const caller = parsePredictFormula('=PREDICT(A10:H10)');

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

describe('reading PREDICT formulas, exactly', () => {
  it.each([
    ['=PREDICT(a2:h9)', { sheet: null, firstRow: 2, lastRow: 9, firstColumn: 1, lastColumn: 8, rest: '' }],
    ['=PREDICT(H9:A2)', { sheet: null, firstRow: 2, lastRow: 9, firstColumn: 1, lastColumn: 8, rest: '' }],
    [
      '  =  PREDICT  (  $AA$10  :  $ZZ$123  ,  "m 1" ,  false  )  ',
      { sheet: null, firstRow: 10, lastRow: 123, firstColumn: 27, lastColumn: 702, rest: ',"M1",FALSE' },
    ],
    [
      '=PREDICT(Data_1.x!XFD1)',
      { sheet: 'Data_1.x', firstRow: 1, lastRow: 1, firstColumn: 16_384, lastColumn: 16_384, rest: '' },
    ],
    [
      "=PREDICT('It''s ''here'''!B2)",
      { sheet: "It's 'here'", firstRow: 2, lastRow: 2, firstColumn: 2, lastColumn: 2, rest: '' },
    ],
    ["=PREDICT('x'!B2,)", { sheet: 'x', firstRow: 2, lastRow: 2, firstColumn: 2, lastColumn: 2, rest: ',' }],
  ])('reads %p', (formula, expected) => {
    expect(parsePredictFormula(formula)).toEqual(expected);
  });
});

describe('finding dragged-down siblings, exactly', () => {
  it('keeps the row offset of the caller: a call in row 10 over row 9 has siblings in row 11 over row 10', () => {
    const caller = parsePredictFormula('=PREDICT(A9:H9)') as NonNullable<
      ReturnType<typeof parsePredictFormula>
    >;
    const found = siblingCalls(
      caller,
      10,
      column({ 11: '=PREDICT(A10:H10)', 12: '=PREDICT(A12:H12)', 13: '', 9: '=PREDICT(A8:H8)' }),
      100,
    );
    expect(found.map((s) => s.firstRow)).toEqual([8, 10]); // both 1 row away: column order
  });

  it.each([
    ['the first column', '=PREDICT(B11:H11)'],
    ['the last column', '=PREDICT(A11:I11)'],
    ['the sheet, when only the sibling names one', "=PREDICT('x'!A11:H11)"],
  ])('leaves out a call that differs only in %s', (_name, formula) => {
    const caller = parsePredictFormula('=PREDICT(A10:H10)') as NonNullable<
      ReturnType<typeof parsePredictFormula>
    >;
    expect(siblingCalls(caller, 10, column({ 11: formula }), 100)).toEqual([]);
  });

  it('counts rows, not calls, against maxRows: two-row calls fit half as many', () => {
    const caller = parsePredictFormula('=PREDICT(A10:H11)') as NonNullable<
      ReturnType<typeof parsePredictFormula>
    >;
    const many = column(
      Object.fromEntries(Array.from({ length: 9 }, (_, i) => [i + 11, `=PREDICT(A${i + 11}:H${i + 12})`])),
    );
    expect(siblingCalls(caller, 10, many, 5).map((s) => s.firstRow)).toEqual([11, 12]);
    expect(siblingCalls(caller, 10, many, 1)).toEqual([]);
    expect(siblingCalls(caller, 10, many, -3)).toEqual([]);
  });
});
