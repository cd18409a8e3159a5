/** The typed bridge over google.script.run, against a stub of it in this process. */
import { call, ServerCallError } from '../../src/ui/sidebar/bridge';

type Handler = (value: unknown) => void;
const scope = globalThis as { google?: unknown };

function installRun(
  behaviour: (name: string, args: unknown[]) => { ok: unknown } | { fail: unknown },
): unknown[][] {
  const calls: unknown[][] = [];
  const runner = (success?: Handler, failure?: Handler): unknown =>
    new Proxy(
      {},
      {
        get(_target, prop) {
          if (prop === 'withSuccessHandler') return (fn: Handler) => runner(fn, failure);
          if (prop === 'withFailureHandler') return (fn: Handler) => runner(success, fn);
          if (prop !== 'sidebarRunSlice' && prop !== 'sidebarCancelJob') return undefined;
          return (...args: unknown[]) => {
            calls.push([prop, ...args]);
            const outcome = behaviour(prop, args);
            setTimeout(() => ('ok' in outcome ? success?.(outcome.ok) : failure?.(outcome.fail)), 0);
          };
        },
      },
    );
  scope.google = { script: { run: runner() } };
  return calls;
}

afterEach(() => {
  delete scope.google;
});

describe('call', () => {
  it('resolves with the server function result and passes the arguments', async () => {
    const calls = installRun(() => ({ ok: { id: 'j', state: 'done' } }));
    await expect(call('sidebarRunSlice', 'j')).resolves.toEqual({ id: 'j', state: 'done' });
    expect(calls).toEqual([['sidebarRunSlice', 'j']]);
  });

  it("rejects with the server's message, whether it sends an Error or a string", async () => {
    installRun((name) => ({
      fail: name === 'sidebarRunSlice' ? new Error('Exceeded maximum execution time') : 'plain',
    }));
    const slice = call('sidebarRunSlice', 'j');
    await expect(slice).rejects.toBeInstanceOf(ServerCallError);
    await expect(slice).rejects.toMatchObject({
      message: 'Exceeded maximum execution time',
      unavailable: false,
    });
    await expect(call('sidebarCancelJob', 'j')).rejects.toMatchObject({
      message: 'plain',
      functionName: 'sidebarCancelJob',
    });
  });

  it('rejects, marked unavailable, outside Apps Script or for an unknown function', async () => {
    await expect(call('sidebarGetState')).rejects.toMatchObject({ unavailable: true });
    installRun(() => ({ ok: null }));
    await expect(call('sidebarGetState')).rejects.toMatchObject({ unavailable: true });
  });
});
