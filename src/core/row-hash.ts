import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';
import type { JsonCell } from './values';

/**
 * Content hashes for the row-level results cache, in pure JavaScript: a warm recalculation hashes
 * every row, and one call of Apps Script's digest service per row would cost a service call each (PLATFORM.md
 * "Costs and behaviours"). SHA-256 cut to 128 bits: a collision would serve one row another row's
 * answer, so the hash must be collision-resistant, not merely fast.
 */

/** UTF-8 bytes of a string. Apps Script's V8 has no TextEncoder (noble's utf8ToBytes needs one). */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      i += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      code = 0xfffd; // a lone surrogate, as TextEncoder encodes it
    }
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else
      out.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
  }
  return Uint8Array.from(out);
}

function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8Bytes(text)));
}

/** 32 hex characters naming a row's cells, whatever its position in the sheet. */
export function rowHash(cells: readonly JsonCell[]): string {
  return sha256Hex(JSON.stringify(cells)).slice(0, 32);
}

/** What changes every answer besides the cells: the API, who signs, the model, its version, the header. */
export interface ResultContext {
  baseUrl: string;
  /** The key id when requests are signed, null when they are not. */
  signing: string | null;
  model: string;
  /** null when the API has not told a version. */
  modelVersion: string | null;
  columns: readonly string[] | null;
}

/** 16 hex characters naming a result context. */
export function contextHash(context: ResultContext): string {
  const { baseUrl, signing, model, modelVersion, columns } = context;
  return sha256Hex(JSON.stringify([baseUrl, signing, model, modelVersion, columns])).slice(0, 16);
}

/** 16 hex characters naming any short text (an endpoint, for instance) inside a cache key. */
export function shortHash(text: string): string {
  return sha256Hex(text).slice(0, 16);
}
