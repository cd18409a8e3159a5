// LockService: contention through a shared LockState, timeouts, release at the end of an execution.
import { sandboxFor } from './helpers';
import { LOCK_TIMEOUT_MESSAGE, LockState } from './lock';

const SCRIPT = `
  function tryIt(ms) { var l = LockService.getScriptLock(); var got = l.tryLock(ms); return [got, l.hasLock()]; }
  function waitIt(ms) { try { LockService.getDocumentLock().waitLock(ms); return 'locked'; } catch (e) { return e.message; } }
  function holdAndRelease() {
    var l = LockService.getUserLock(); l.waitLock(10); var held = l.hasLock(); l.releaseLock(); return [held, l.hasLock()];
  }
  function keep() { return LockService.getScriptLock().tryLock(0); }`;

describe('LockService', () => {
  it('takes a free lock, and releases it when the execution ends', () => {
    const state = new LockState();
    const sb = sandboxFor(SCRIPT, { lockState: state });
    expect(sb.call('keep')).toBe(true);
    expect(state.holder('Script')).toBe(0);
    expect(sb.call('holdAndRelease')).toEqual([true, false]);
  });

  it('waits, then gives up, while another execution holds the lock', () => {
    const state = new LockState();
    const sb = sandboxFor(SCRIPT, { lockState: state });
    state.force('Script', 424242);
    state.force('Document', 424242);
    const started = Date.now();
    expect(sb.call('tryIt', 150)).toEqual([false, false]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(sb.call('waitIt', 50)).toBe(LOCK_TIMEOUT_MESSAGE);
    state.force('Script', 0);
    expect(sb.call('tryIt', 0)).toEqual([true, true]);
  });

  it('is shared by sandboxes built over the same state buffer', () => {
    const a = new LockState();
    const b = new LockState(a.buffer);
    a.force('Document', 7);
    expect(sandboxFor(SCRIPT, { lockState: b }).call('waitIt', 20)).toBe(LOCK_TIMEOUT_MESSAGE);
  });

  it('a wait longer than the execution may last ends the execution', () => {
    const state = new LockState();
    state.force('Document', 99);
    const sb = sandboxFor(SCRIPT, { lockState: state, executionLimitMs: 100 });
    expect(() => sb.call('waitIt', 5_000)).toThrow('Exceeded maximum execution time');
  });
});
