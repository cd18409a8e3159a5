import { isDate } from '../../core/values';

/**
 * Short content hashes of rows and of their results. A run remembers, for every input it answered,
 * a fingerprint of the answer it wrote: an output cell is right when the fingerprint of its row's
 * CURRENT inputs maps to the fingerprint of what the cell holds now. Position plays no part, so a
 * sort, an insert or an edit can never make a stale answer look right.
 *
 * The hash is cyrb53 (public domain, Bryc): pure JavaScript, because a service call per row
 * (Apps Script's digest service call) would cost milliseconds each (PLATFORM.md) and 5,000 rows are hashed
 * several times per slice. 48 bits for inputs keep collisions among 20,000 rows near 1 in 10^6;
 * 36 bits for outputs are enough to tell "the answer written for these inputs" from another value.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const INPUT_FP_CHARS = 8;
export const OUTPUT_FP_CHARS = 6;

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The top `chars` * 6 bits of a 53-bit hash, as URL-safe base64 (never a separator we use). */
function encode(hash: number, chars: number): string {
  let out = '';
  let rest = Math.floor(hash / 2 ** (53 - chars * 6));
  for (let i = 0; i < chars; i++) {
    out = ALPHABET[rest % 64] + out;
    rest = Math.floor(rest / 64);
  }
  return out;
}

/**
 * One cell as text that differs whenever the value differs in a way the API or the sheet sees:
 * the number 7 and the text "7" are different inputs, a Date is its instant.
 */
function canonicalCell(value: unknown): string {
  if (value === '' || value === null || value === undefined) return '_';
  if (typeof value === 'number') return `n${value}`;
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (isDate(value)) return `d${value.getTime()}`;
  return `s${String(value).length}:${String(value)}`;
}

function canonicalRow(cells: readonly unknown[]): string {
  return cells.map(canonicalCell).join('|');
}

/** A row's inputs, with its ID when the run has an ID column (two rows with one content stay two). */
export function inputFingerprint(cells: readonly unknown[], id?: unknown): string {
  const text = id === undefined ? canonicalRow(cells) : `${canonicalCell(id)}#${canonicalRow(cells)}`;
  return encode(cyrb53(text, 1), INPUT_FP_CHARS);
}

/** A row's output cells as the sheet reads them back. */
export function outputFingerprint(cells: readonly unknown[]): string {
  return encode(cyrb53(canonicalRow(cells), 2), OUTPUT_FP_CHARS);
}

/** Input fingerprint -> fingerprint of the answer this run wrote for it. */
export type AnswerLedger = Map<string, string>;

const ENTRY_CHARS = INPUT_FP_CHARS + OUTPUT_FP_CHARS;

/** Fixed-width entries without separators: 14 characters a row, 70 KB for 5,000 rows. */
export function encodeLedger(ledger: AnswerLedger, chunkChars: number): string[] {
  const perChunk = Math.floor(chunkChars / ENTRY_CHARS);
  const entries = [...ledger].map(([input, output]) => input + output);
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += perChunk) chunks.push(entries.slice(i, i + perChunk).join(''));
  return chunks;
}

/** Damaged text (a truncated chunk) loses its entries: those rows are then predicted again, never wrong. */
export function decodeLedger(chunks: readonly string[]): AnswerLedger {
  const ledger: AnswerLedger = new Map();
  for (const chunk of chunks) {
    for (let i = 0; i + ENTRY_CHARS <= chunk.length; i += ENTRY_CHARS) {
      ledger.set(chunk.slice(i, i + INPUT_FP_CHARS), chunk.slice(i + INPUT_FP_CHARS, i + ENTRY_CHARS));
    }
  }
  return ledger;
}
