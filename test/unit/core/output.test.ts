// The grid PREDICT returns: Sheets needs a rectangle, so the header row is as wide as the widest result.
import { shapeOutput } from '../../../src/core/output';

describe('output header', () => {
  it('pads a header narrower than the results with empty cells', () => {
    expect(shapeOutput([{ ok: true, value: [1, 2, 3] }], ['score'])).toEqual([
      ['score', '', ''],
      [1, 2, 3],
    ]);
  });
});
