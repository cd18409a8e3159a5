import type { Crypto } from '../core/ports';

/** Utilities returns SIGNED bytes (-128..127): mask each to 0..255 before hex, or the hex is wrong. */
export function signedBytesToHex(bytes: number[]): string {
  let hex = '';
  for (const byte of bytes) hex += ((byte & 0xff) + 0x100).toString(16).slice(1);
  return hex;
}

export class UtilitiesCrypto implements Crypto {
  sha256Hex(text: string): string {
    return signedBytesToHex(
      Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8),
    );
  }

  hmacSha256Base64(secret: string, message: string): string {
    return Utilities.base64Encode(
      Utilities.computeHmacSha256Signature(message, secret, Utilities.Charset.UTF_8),
    );
  }

  uuid(): string {
    return Utilities.getUuid();
  }
}
