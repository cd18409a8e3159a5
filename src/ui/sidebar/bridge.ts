/**
 * A typed, promise-based bridge to the server functions (after enuchi/React-Google-Apps-Script's
 * serverFunctions): `call('sidebarRunSlice', id)` is checked against SidebarApi in rpc-types.ts, so the
 * sidebar and src/index.ts cannot drift apart unnoticed, and no caller handles raw callbacks.
 */
import type { SidebarApi } from '../../features/sidebar/rpc-types';

/** The part of google.script.run we use; declared here so the page needs no @types package. */
export interface ScriptRun {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: unknown) => void): ScriptRun;
  [serverFunction: string]: unknown;
}

interface GoogleClient {
  google?: { script?: { run?: ScriptRun } };
}

export type ServerFunction = keyof SidebarApi;
export type ServerResult<K extends ServerFunction> = ReturnType<SidebarApi[K]>;

/** A failed server call; the message is the server's own (what it threw), for the alert area. */
export class ServerCallError extends Error {
  readonly functionName: ServerFunction;
  /** True when the page runs outside Apps Script (no google.script.run): a setup problem, not the server. */
  readonly unavailable: boolean;

  constructor(functionName: ServerFunction, message: string, unavailable = false) {
    super(message);
    this.name = 'ServerCallError';
    this.functionName = functionName;
    this.unavailable = unavailable;
  }
}

/** Apps Script hands the failure handler an Error, but older runtimes and stubs pass strings. */
export function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
  }
  return String(error);
}

/** Calls one server function; resolves with its result or rejects with a ServerCallError. */
export function call<K extends ServerFunction>(
  name: K,
  ...args: Parameters<SidebarApi[K]>
): Promise<ServerResult<K>> {
  return new Promise((resolve, reject) => {
    const run = (globalThis as GoogleClient).google?.script?.run;
    if (!run) {
      reject(new ServerCallError(name, 'google.script.run is not available', true));
      return;
    }
    // withSuccessHandler returns a fresh runner, so concurrent calls (a slice and a cancel) keep
    // their own handlers.
    const runner = run
      .withSuccessHandler((value) => resolve(value as ServerResult<K>))
      .withFailureHandler((error) => reject(new ServerCallError(name, messageOf(error))));
    const serverFunction = runner[name];
    if (typeof serverFunction !== 'function') {
      reject(new ServerCallError(name, `the server has no function ${name}`, true));
      return;
    }
    serverFunction.apply(runner, args);
  });
}
