import { createHash, createHmac } from 'node:crypto';
import { signedBytesToHex, UtilitiesCrypto } from '../../../src/gas/crypto';
import { installGasMocks } from '../support/gas-globals';

describe('UtilitiesCrypto', () => {
  beforeAll(() => installGasMocks());

  it('hex-encodes signed bytes correctly', () => {
    expect(signedBytesToHex([0, 1, -1, -128, 127, 16])).toBe('0001ff807f10');
  });

  it('matches node:crypto for SHA-256 and HMAC over UTF-8 text', () => {
    const crypto = new UtilitiesCrypto();
    const text = '関東 😀 rows';
    expect(crypto.sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(crypto.hmacSha256Base64('k', text)).toBe(
      createHmac('sha256', 'k').update(text, 'utf8').digest('base64'),
    );
  });
});
