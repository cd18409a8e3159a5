import { tryWithDocumentLock, withDocumentLock } from '../../../src/gas/lock';

/** A document lock that is free or held elsewhere, recording what the adapter does with it. */
function installLockService(options: { free?: boolean; getLock?: () => unknown } = {}) {
  const calls: string[] = [];
  const lock = {
    tryLock: (waitMs: number) => {
      calls.push(`tryLock ${waitMs}`);
      return options.free ?? true;
    },
    releaseLock: () => calls.push('release'),
  };
  (globalThis as Record<string, unknown>).LockService = {
    getDocumentLock: options.getLock ?? (() => lock),
  };
  return calls;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).LockService;
});

describe('withDocumentLock', () => {
  it('runs the work holding the lock and releases it, also when the work throws', () => {
    const calls = installLockService();
    expect(withDocumentLock(10_000, () => calls.push('work') && 'done')).toBe('done');
    expect(() =>
      withDocumentLock(10_000, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(calls).toEqual(['tryLock 10000', 'work', 'release', 'tryLock 10000', 'release']);
  });

  it('refuses with LOCKED when another execution holds the lock or there is no document', () => {
    installLockService({ free: false });
    expect(() => withDocumentLock(10, () => 'never')).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    installLockService({ getLock: () => null });
    expect(() => withDocumentLock(10, () => 'never')).toThrow(expect.objectContaining({ code: 'LOCKED' }));
  });

  it('lets the lock service refusing the call surface as it is', () => {
    installLockService({
      getLock: () => {
        throw new Error('Too many LockService operations.');
      },
    });
    expect(() => withDocumentLock(10, () => 'never')).toThrow('Too many LockService operations.');
  });
});

describe('tryWithDocumentLock', () => {
  it('runs the work holding the lock and releases it, also when the work throws', () => {
    const calls = installLockService();
    expect(tryWithDocumentLock(1_000, () => calls.push('work') && 0)).toBe(0);
    expect(() =>
      tryWithDocumentLock(1_000, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(calls).toEqual(['tryLock 1000', 'work', 'release', 'tryLock 1000', 'release']);
  });

  it('gives up quietly, with null, when the lock is held, absent or refused', () => {
    const work = jest.fn();
    installLockService({ free: false });
    expect(tryWithDocumentLock(10, work)).toBeNull();
    installLockService({ getLock: () => null });
    expect(tryWithDocumentLock(10, work)).toBeNull();
    installLockService({
      getLock: () => {
        throw new Error('Too many LockService operations.');
      },
    });
    expect(tryWithDocumentLock(10, work)).toBeNull();
    expect(work).not.toHaveBeenCalled();
  });
});
