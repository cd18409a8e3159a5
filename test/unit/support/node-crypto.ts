import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Crypto } from '../../../src/core/ports';

/** The Crypto port over node:crypto: an implementation independent of the Apps Script adapter. */
export const nodeCrypto: Crypto = {
  sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  hmacSha256Base64: (secret, message) =>
    createHmac('sha256', secret).update(message, 'utf8').digest('base64'),
  uuid: () => randomUUID(),
};
