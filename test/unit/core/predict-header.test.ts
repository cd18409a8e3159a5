import { predictAnswer } from '../support/fake-api';
import { harness } from '../support/predict-harness';

/** What PREDICT says of a header row it cannot use: before any request, naming the column to fix. */
describe('predictRows: the header row', () => {
  it.each([
    ['an empty cell', ['age', '', 'plan']],
    ['spaces only', ['age', '   ', 'plan']],
    ['no value at all', ['age', null, 'plan']],
  ])('refuses a header with %s, naming its column, and sends nothing', (_what, header) => {
    const h = harness((req) => predictAnswer(req));
    expect(() => h.run([header, [1, 2, 3]], { hasHeader: true })).toThrow(
      expect.objectContaining({
        code: 'BAD_INPUT',
        message:
          'The header row has an empty name in column 2: name every column, or set has_header to FALSE.',
      }),
    );
    expect(h.http.requests).toHaveLength(0);
  });

  it('takes numbers in the header as names', () => {
    const h = harness((req) => predictAnswer(req));
    const report = h.run(
      [
        [0, 'plan'],
        [1, 2],
      ],
      { hasHeader: true },
    );
    expect(report.rows).toBe(1);
    expect(h.http.requests).toHaveLength(1);
  });

  it('refuses an empty range said to have a header: there is no header to read', () => {
    const h = harness((req) => predictAnswer(req));
    expect(() => h.run([], { hasHeader: true })).toThrow(
      expect.objectContaining({
        code: 'BAD_INPUT',
        message: 'has_header is TRUE but the range is empty: select the header row and the data rows.',
      }),
    );
    expect(h.http.requests).toHaveLength(0);
  });
});
