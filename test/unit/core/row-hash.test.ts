import { createHash } from 'node:crypto';
import { contextHash, rowHash, shortHash, utf8Bytes } from '../../../src/core/row-hash';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

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

  it.each([
    ['the edges of each UTF-8 length', '\u007f\u0080\u07ff\u0800\uffff\ud800\udc00\udbff\udfff'],
    ['around the surrogates', '\ud7ff\ue000'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'a\udbff'],
    ['a high surrogate before another high one', '\ud800\ud800\udc00'],
    ['a high surrogate before a plain character', '\udbffz'],
    ['two lone low surrogates', '\udc00\udc00'],
    ['a high surrogate before a character just past the low ones', '\ud800\ue000'],
    ['the last lone low surrogate', 'a\udfff'],
  ])('encodes %s as TextEncoder does', (_name, text) => {
    expect(Buffer.from(utf8Bytes(text))).toEqual(Buffer.from(new TextEncoder().encode(text)));
  });

  it('hashes multi-byte cells over their UTF-8 bytes', () => {
    const cells = ['年齢 😀', 'é'];
    expect(rowHash(cells)).toBe(sha256Hex(JSON.stringify(cells)).slice(0, 32));
  });

  it('names a context by the first 64 bits of SHA-256 of its parts as JSON, in a fixed order', () => {
    const context = { columns: ['x', 'y'], modelVersion: '1', model: 'm', signing: 'k', baseUrl: 'http://a' };
    expect(contextHash(context)).toBe(sha256Hex('["http://a","k","m","1",["x","y"]]').slice(0, 16));
  });

  it('names short text by the first 64 bits of its SHA-256', () => {
    expect(shortHash('http://203.0.113.10')).toBe(sha256Hex('http://203.0.113.10').slice(0, 16));
  });
});
