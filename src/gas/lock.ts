import { SheetBridgeError } from '../core/errors';

type Lock = GoogleAppsScript.Lock.Lock;

/**
 * The document lock, held once it is free (waiting at most waitMs); null when another execution
 * holds it or there is no document.
 */
function acquireDocumentLock(waitMs: number): Lock | null {
  const lock = LockService.getDocumentLock();
  return lock?.tryLock(waitMs) ? lock : null;
}

function whileHolding<T>(lock: Lock, work: () => T): T {
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}

/** Runs `work` holding the document lock, so two runs never write the same spreadsheet at once. */
export function withDocumentLock<T>(waitMs: number, work: () => T): T {
  const lock = acquireDocumentLock(waitMs);
  if (!lock) {
    throw new SheetBridgeError(
      'LOCKED',
      'Another SheetBridge run is writing this spreadsheet: wait for it to finish, or cancel it in its sidebar.',
    );
  }
  return whileHolding(lock, work);
}

/**
 * Like withDocumentLock, but gives up quietly: null when another execution holds the lock, or when
 * there is no lock to be had here (no document; the lock service refusing the call).
 */
export function tryWithDocumentLock<T>(waitMs: number, work: () => T): T | null {
  let lock: Lock | null;
  try {
    lock = acquireDocumentLock(waitMs);
  } catch {
    return null;
  }
  return lock ? whileHolding(lock, work) : null;
}
