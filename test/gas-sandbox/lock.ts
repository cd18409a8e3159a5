// LockService (developers.google.com/apps-script/reference/lock/lock). Each lock kind is one Int32
// slot in a SharedArrayBuffer holding the id of the execution that owns it (0 = free), so that two
// sandboxes built over the same LockState, even in different worker threads, contend for real.
// Semantics from the reference: tryLock(ms) waits up to ms and returns false; waitLock(ms) throws
// "Lock timeout: another process was holding the lock for too long." (the text scripts match on);
// locks are released when the execution ends ("automatically released when the script terminates").
// Lock is per execution, not per Lock object: a second getScriptLock() in the same execution finds
// the lock already its own (UNVERIFIED; nothing in SheetBridge depends on it).
import type { Runtime } from './runtime';

export const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

const SLOTS = { Script: 0, Document: 1, User: 2 } as const;
export type LockKind = keyof typeof SLOTS;

export class LockState {
  readonly slots: Int32Array;

  /** Pass the `buffer` of another LockState (also across worker_threads) to share its locks. */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4 * 3)) {
    this.slots = new Int32Array(buffer);
  }

  get buffer(): SharedArrayBuffer {
    return this.slots.buffer as SharedArrayBuffer;
  }

  holder(kind: LockKind): number {
    return Atomics.load(this.slots, SLOTS[kind]);
  }

  /** Host-side, for tests: make another "process" hold a lock, or free it (id 0). */
  force(kind: LockKind, executionId: number): void {
    Atomics.store(this.slots, SLOTS[kind], executionId);
    Atomics.notify(this.slots, SLOTS[kind]);
  }

  /** Frees every lock the execution still holds; called when an execution ends. */
  releaseAll(executionId: number): void {
    for (const slot of Object.values(SLOTS)) {
      if (Atomics.compareExchange(this.slots, slot, executionId, 0) === executionId)
        Atomics.notify(this.slots, slot);
    }
  }
}

export class FakeLock {
  constructor(
    private readonly runtime: Runtime,
    private readonly state: LockState,
    private readonly kind: LockKind,
  ) {}

  tryLock(timeoutInMillis: unknown): boolean {
    this.runtime.require('document', `LockService.get${this.kind}Lock().tryLock`);
    return this.acquire(Math.max(0, Number(timeoutInMillis) || 0));
  }

  waitLock(timeoutInMillis: unknown): void {
    this.runtime.require('document', `LockService.get${this.kind}Lock().waitLock`);
    if (!this.acquire(Math.max(0, Number(timeoutInMillis) || 0))) this.runtime.fail(LOCK_TIMEOUT_MESSAGE);
  }

  releaseLock(): void {
    const slot = SLOTS[this.kind];
    if (
      Atomics.compareExchange(this.state.slots, slot, this.runtime.executionId, 0) ===
      this.runtime.executionId
    ) {
      Atomics.notify(this.state.slots, slot);
    }
  }

  hasLock(): boolean {
    return this.runtime.executionId !== 0 && this.state.holder(this.kind) === this.runtime.executionId;
  }

  private acquire(timeoutMs: number): boolean {
    const slot = SLOTS[this.kind];
    const me = this.runtime.executionId;
    const until = Date.now() + timeoutMs;
    for (;;) {
      const current = Atomics.compareExchange(this.state.slots, slot, 0, me);
      if (current === 0 || current === me) return true;
      const left = until - Date.now();
      if (left <= 0) return false;
      // A wait longer than the execution has left ends the execution, as Utilities.sleep does.
      if (this.runtime.remainingMs() <= 0) this.runtime.kill();
      Atomics.wait(this.state.slots, slot, current, Math.min(left, Math.max(1, this.runtime.remainingMs())));
    }
  }

  toString(): string {
    return 'Lock';
  }
}
