import { createHash } from 'node:crypto';
import { contextHash, rowHash, utf8Bytes } from '../../../src/core/row-hash';

describe('row hashes', () => {
  it.each([['ascii'], ['年齢 関東'], ['emoji 😀 and é'], ['lone \ud800 surrogate']])(
    'encodes %p as UTF-8 exactly as TextEncoder does',
    (text) => {
      expect(Buffer.from(utf8Bytes(text))).toEqual(Buffer.from(new TextEncoder().encode(text)));
    },
  );

  it('is the first 128 bits of SHA-256 of the cells as JSON', () => {
    const cells = [34, 'pro', true, null, '2026-11-26T00:00:00.000+09:00'];
    const expected = createHash('sha256').update(JSON.stringify(cells)).digest('hex').slice(0, 32);
    expect(rowHash(cells)).toBe(expected);
  });

  it('changes with every part of the context', () => {
    const base = { baseUrl: 'http://a', signing: 'k', model: 'm', modelVersion: '1', columns: ['x'] };
    const variants = [
      { ...base, baseUrl: 'http://b' },
      { ...base, signing: null },
      { ...base, model: 'n' },
      { ...base, modelVersion: '2' },
      { ...base, columns: ['y'] },
      { ...base, columns: null },
    ];
    const hashes = new Set([base, ...variants].map(contextHash));
    expect(hashes.size).toBe(variants.length + 1);
  });
});
