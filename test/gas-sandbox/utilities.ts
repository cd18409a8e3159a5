// Utilities (developers.google.com/apps-script/reference/utilities/utilities). Every byte array handed
// to the script is a plain context-realm array of SIGNED bytes, Java's byte[] (PLATFORM.md; the
// Collabora probe: base64Decode('/wB/gA==') is [-1,0,127,-128]). Strings are encoded as US-ASCII with
// "?" for anything outside it unless UTF_8 is asked for (same probe: base64Encode('aéb') is 'YT9i');
// this fake applies that default to digests and HMACs too, so code that forgets Charset.UTF_8 breaks
// here on non-ASCII text (UNVERIFIED for those two, and harmless for code that passes the charset).
import crypto from 'node:crypto';
import { FakeBlob } from './blob';
import { isDate } from './realm';
import type { Runtime } from './runtime';
import { formatPattern } from './time-zone';

const Charset = Object.freeze({ US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' });
const DigestAlgorithm = Object.freeze({
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
});
const MacAlgorithm = Object.freeze({
  HMAC_MD5: 'HMAC_MD5',
  HMAC_SHA_1: 'HMAC_SHA_1',
  HMAC_SHA_256: 'HMAC_SHA_256',
  HMAC_SHA_384: 'HMAC_SHA_384',
  HMAC_SHA_512: 'HMAC_SHA_512',
});
const NODE_HASH: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

const NOT_BASE64 = 'Could not decode string.';

export class FakeUtilities {
  readonly Charset = Charset;
  readonly DigestAlgorithm = DigestAlgorithm;
  readonly MacAlgorithm = MacAlgorithm;

  constructor(private readonly runtime: Runtime) {}

  computeDigest(algorithm: unknown, value: unknown, ...rest: unknown[]): number[] {
    const hash = NODE_HASH[String(algorithm)];
    if (!hash) this.runtime.fail(`Invalid argument: algorithm`);
    const bytes = this.input(value, rest);
    return this.runtime.realm.signedBytes(crypto.createHash(hash).update(bytes).digest());
  }

  computeHmacSha256Signature(value: unknown, key: unknown, ...rest: unknown[]): number[] {
    return this.computeHmacSignature(MacAlgorithm.HMAC_SHA_256, value, key, ...rest);
  }

  computeHmacSha1Signature(value: unknown, key: unknown, ...rest: unknown[]): number[] {
    return this.computeHmacSignature(MacAlgorithm.HMAC_SHA_1, value, key, ...rest);
  }

  computeHmacSignature(algorithm: unknown, value: unknown, key: unknown, ...rest: unknown[]): number[] {
    const hash = NODE_HASH[String(algorithm).replace(/^HMAC_/, '')];
    if (!hash) this.runtime.fail(`Invalid argument: algorithm`);
    const data = this.input(value, rest);
    const secret = this.input(key, rest);
    return this.runtime.realm.signedBytes(crypto.createHmac(hash, secret).update(data).digest());
  }

  base64Encode(data: unknown, ...rest: unknown[]): string {
    return Buffer.from(this.input(data, rest)).toString('base64');
  }

  /** The URL-safe alphabet, padding kept (Java's Base64 URL encoder). */
  base64EncodeWebSafe(data: unknown, ...rest: unknown[]): string {
    return this.base64Encode(data, ...rest)
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
  }

  base64Decode(encoded: unknown, ...rest: unknown[]): number[] {
    return this.decode(String(encoded), rest, /^[A-Za-z0-9+/]*$/);
  }

  base64DecodeWebSafe(encoded: unknown, ...rest: unknown[]): number[] {
    return this.decode(String(encoded), rest, /^[A-Za-z0-9\-_]*$/);
  }

  /** A random version-4 UUID (Collabora probe checks the v4 shape). */
  getUuid(): string {
    return crypto.randomUUID();
  }

  /** Really blocks this thread, and counts toward the execution's time limit. */
  sleep(milliseconds: unknown): void {
    this.runtime.sleep(Number(milliseconds));
  }

  formatDate(date: unknown, timeZone: unknown, format: unknown): string {
    if (!isDate(date)) this.runtime.fail('Invalid argument: date');
    try {
      return formatPattern(date.getTime(), String(timeZone), String(format));
    } catch (error) {
      return this.runtime.fail(error instanceof Error ? error.message : String(error));
    }
  }

  /** sprintf-style, the common conversions only (%s %d %i %f %.Nf %%). */
  formatString(template: unknown, ...args: unknown[]): string {
    let next = 0;
    return String(template).replace(
      /%(\.(\d+))?([sdif%])/g,
      (_m, _p, digits: string | undefined, conv: string) => {
        if (conv === '%') return '%';
        const arg = args[next++];
        if (conv === 's') return String(arg);
        if (conv === 'd' || conv === 'i') return String(Math.trunc(Number(arg)));
        return digits === undefined ? String(Number(arg)) : Number(arg).toFixed(Number(digits));
      },
    );
  }

  /** Defaults from the Collabora probe: bytes have no content type, a string is 'text/plain'. */
  newBlob(data: unknown, ...rest: unknown[]): FakeBlob {
    const isText = typeof data === 'string';
    const bytes = isText ? new Uint8Array(Buffer.from(data, 'utf8')) : this.input(data, []);
    const contentType =
      rest.length >= 1 ? (rest[0] === null ? null : String(rest[0])) : isText ? 'text/plain' : null;
    const name = rest.length >= 2 && rest[1] !== null ? String(rest[1]) : null;
    return new FakeBlob(this.runtime.realm, bytes, contentType, name);
  }

  /**
   * Bytes of a string or byte-array argument. `rest` holds the optional charset: passing it
   * explicitly as null or undefined throws "Argument cannot be null: charset" (Collabora probe).
   */
  private input(value: unknown, rest: unknown[]): Uint8Array {
    this.runtime.checkDeadline();
    if (value instanceof FakeBlob) return value.rawBytes();
    if (Array.isArray(value)) return Uint8Array.from(value as number[], (b) => Number(b) & 0xff);
    if (rest.length > 0 && (rest[0] === null || rest[0] === undefined))
      this.runtime.fail('Argument cannot be null: charset');
    const text = String(value);
    if (rest[0] === Charset.UTF_8) return new Uint8Array(Buffer.from(text, 'utf8'));
    const out: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0) as number;
      out.push(code < 0x80 ? code : 0x3f);
    }
    return Uint8Array.from(out);
  }

  /** Tolerates white space and missing or extra padding; anything else is "Could not decode string." */
  private decode(encoded: string, rest: unknown[], alphabet: RegExp): number[] {
    if (rest.length > 0 && (rest[0] === null || rest[0] === undefined))
      this.runtime.fail('Argument cannot be null: charset');
    const body = encoded.replace(/\s+/g, '').replace(/=+$/, '');
    if (!alphabet.test(body) || body.length % 4 === 1) this.runtime.fail(NOT_BASE64);
    const standard = body.replace(/-/g, '+').replace(/_/g, '/');
    return this.runtime.realm.signedBytes(new Uint8Array(Buffer.from(standard, 'base64')));
  }
}
