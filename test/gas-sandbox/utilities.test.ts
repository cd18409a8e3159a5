// Utilities: signed bytes equal to node:crypto's, base64 and charset rules, dates, blobs.
import crypto from 'node:crypto';
import { sandboxFor } from './helpers';

const signed = (buffer: Buffer): number[] => [...buffer].map((b) => (b << 24) >> 24);

const sb = sandboxFor(`
  function hmac(value, key, utf8) {
    return utf8 ? Utilities.computeHmacSha256Signature(value, key, Utilities.Charset.UTF_8)
                : Utilities.computeHmacSha256Signature(value, key);
  }
  function digest(alg, value, utf8) {
    return utf8 ? Utilities.computeDigest(Utilities.DigestAlgorithm[alg], value, Utilities.Charset.UTF_8)
                : Utilities.computeDigest(Utilities.DigestAlgorithm[alg], value);
  }
  function isRealmArray(bytes) { return bytes instanceof Array && Array.isArray(bytes); }
  function call(name) { return Utilities[name].apply(Utilities, Array.prototype.slice.call(arguments, 1)); }
  function caught(name) {
    try { Utilities[name].apply(Utilities, Array.prototype.slice.call(arguments, 1)); return null; } catch (e) { return e.message; }
  }
  function blob() {
    var b = Utilities.newBlob('hello'), c = Utilities.newBlob([1, 2, 3], 'application/octet-stream', 'data');
    return [b.getContentType(), b.getName(), b.getBytes().length, c.getContentType(), c.getName(), b.getDataAsString()];
  }`);

describe('Utilities digests and signatures', () => {
  it('computeHmacSha256Signature gives node:crypto bytes, signed, as a context-realm array', () => {
    const bytes = sb.call<number[]>('hmac', 'SB1\n1700000000\nnonce\nPOST\n/v1/predict\nabc', 's3cret');
    const expected = signed(
      crypto.createHmac('sha256', 's3cret').update('SB1\n1700000000\nnonce\nPOST\n/v1/predict\nabc').digest(),
    );
    expect(bytes).toEqual(expected);
    expect(bytes.some((b) => b < 0)).toBe(true);
    expect(sb.call('isRealmArray', bytes)).toBe(true);
  });

  it('accepts byte arrays (signed or not) for value and key', () => {
    const key = [...crypto.randomBytes(32)];
    const bytes = sb.call<number[]>(
      'hmac',
      [1, 2, 255],
      key.map((b) => (b << 24) >> 24),
    );
    expect(bytes).toEqual(
      signed(
        crypto
          .createHmac('sha256', Buffer.from(key))
          .update(Buffer.from([1, 2, 255]))
          .digest(),
      ),
    );
  });

  it('computeDigest supports the DigestAlgorithm enum', () => {
    for (const [alg, node] of [
      ['SHA_256', 'sha256'],
      ['SHA_1', 'sha1'],
      ['MD5', 'md5'],
      ['SHA_512', 'sha512'],
    ]) {
      expect(sb.call('digest', alg, '{"rows":[[1]]}')).toEqual(
        signed(
          crypto
            .createHash(node as string)
            .update('{"rows":[[1]]}')
            .digest(),
        ),
      );
    }
  });

  it('encodes strings as US-ASCII unless UTF_8 is asked for', () => {
    const utf8 = signed(crypto.createHash('sha256').update('café', 'utf8').digest());
    expect(sb.call('digest', 'SHA_256', 'café', true)).toEqual(utf8);
    expect(sb.call('digest', 'SHA_256', 'café')).toEqual(
      signed(crypto.createHash('sha256').update('caf?').digest()),
    );
    expect(sb.call('hmac', 'é', 'k', true)).toEqual(
      signed(crypto.createHmac('sha256', 'k').update('é', 'utf8').digest()),
    );
  });
});

describe('Utilities base64', () => {
  it('matches the behaviour probed on real Apps Script', () => {
    expect(sb.call('call', 'base64Encode', 'hi')).toBe('aGk=');
    expect(sb.call('call', 'base64Encode', 'aéb')).toBe('YT9i');
    expect(sb.call('call', 'base64Encode', '€', 'UTF_8')).toBe('4oKs');
    expect(sb.call('call', 'base64Encode', [-1, 0, 127, -128])).toBe('/wB/gA==');
    expect(sb.call('call', 'base64Decode', '/wB/gA==')).toEqual([-1, 0, 127, -128]);
    expect(sb.call('call', 'base64Decode', 'aG k=')).toEqual([104, 105]);
    expect(sb.call('call', 'base64Decode', 'aGk')).toEqual([104, 105]);
    expect(sb.call('caught', 'base64Decode', '_wB_gA==')).toBe('Could not decode string.');
    expect(sb.call('caught', 'base64Encode', 'hi', null)).toBe('Argument cannot be null: charset');
    expect(sb.call('call', 'base64EncodeWebSafe', [-1, -17, -66])).toBe('_---');
    expect(sb.call('call', 'base64DecodeWebSafe', '_---')).toEqual([-1, -17, -66]);
  });
});

describe('Utilities misc', () => {
  it('getUuid gives fresh version-4 UUIDs', () => {
    const a = sb.call<string>('call', 'getUuid');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sb.call('call', 'getUuid')).not.toBe(a);
  });

  it('formatDate follows SimpleDateFormat patterns in the given zone', () => {
    const when = new Date('2024-03-05T23:04:05.006Z');
    expect(sb.call('call', 'formatDate', when, 'Asia/Tokyo', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toBe(
      '2024-03-06T08:04:05.006+09:00',
    );
    expect(sb.call('call', 'formatDate', when, 'GMT', 'EEE, d MMM yyyy hh:mm a Z')).toBe(
      'Tue, 5 Mar 2024 11:04 PM +0000',
    );
    expect(sb.call('call', 'formatDate', when, 'America/New_York', 'yyyyMMdd HH')).toBe('20240305 18');
  });

  it('formatString and newBlob', () => {
    expect(sb.call('call', 'formatString', '%s rows in %d ms (%.1f%%)', 'ten', 12.7, 99.25)).toBe(
      'ten rows in 12 ms (99.3%)',
    );
    expect(sb.call('blob')).toEqual(['text/plain', null, 5, 'application/octet-stream', 'data', 'hello']);
  });
});
