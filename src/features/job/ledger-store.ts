import { readChunks, writeChunks } from '../../gas/document-store';
import { type AnswerLedger, decodeLedger, encodeLedger } from './fingerprint';

/**
 * The run's ledger in Document Properties, split in chunks: a value may hold 9 KB, the whole store
 * 500 KB (Apps Script quotas). 14 characters a row make 70 KB for 5,000 rows and 280 KB at the
 * largest run allowed (MAX_RUN_ROWS), leaving room for settings and the job record.
 */
const LEDGER_PREFIX = 'SHEETBRIDGE_JOB_LEDGER_';
const CHUNK_CHARS = 8_000;
/** Rows a run may have: its ledger must fit the document's property store with room to spare. */
export const MAX_RUN_ROWS = 20_000;

export function loadLedger(): AnswerLedger {
  return decodeLedger(readChunks(LEDGER_PREFIX));
}

/** Returns how many chunks were written; pass it back next time so that no stale chunk is left. */
export function saveLedger(ledger: AnswerLedger, previousChunks: number): number {
  const chunks = encodeLedger(ledger, CHUNK_CHARS);
  writeChunks(LEDGER_PREFIX, chunks, previousChunks);
  return chunks.length;
}

/** A new run starts with an empty ledger. */
export function clearLedger(): void {
  writeChunks(LEDGER_PREFIX, [], readChunks(LEDGER_PREFIX).length);
}
