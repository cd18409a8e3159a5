import { SheetBridgeError } from '../core/errors';

/** Runs `work` holding the document lock, so two runs never write the same spreadsheet at once. */
export function withDocumentLock<T>(waitMs: number, work: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock?.tryLock(waitMs)) {
    throw new SheetBridgeError(
      'LOCKED',
      'Another SheetBridge run is writing this spreadsheet: wait for it to finish, or cancel it in its sidebar.',
    );
  }
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}

/**
 * Like withDocumentLock, but gives up quietly: null when another execution holds the lock, or when
 * there is no lock to be had here (no document; LockService refusing the call).
 */
export function tryWithDocumentLock<T>(waitMs: number, work: () => T): T | null {
  let lock: GoogleAppsScript.Lock.Lock | null;
  try {
    lock = LockService.getDocumentLock();
    if (!lock?.tryLock(waitMs)) return null;
  } catch {
    return null;
  }
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}
