// An offline Apps Script runtime for tests, the e2e suite and the benchmark: the BUILT dist/Code.js
// runs as a plain script in a node:vm context that has only what Apps Script's V8 has (no require,
// process, setTimeout, Buffer, fetch) plus fakes of the services, which live in the files beside this.
//
// Like Apps Script, every execution (each call below) evaluates the whole project afresh in a new
// global context, so no module state survives from one execution to the next, and the top-level code
// counts toward the execution's time. Custom functions run in AuthMode CUSTOM_FUNCTION with their 30 s
// limit; menu actions, sidebar calls and triggers with the full services and the 6 min limit.
//
// A test server must not run on the thread that calls the sandbox: UrlFetchApp blocks this thread
// while the request is in flight (see fetch-bridge.ts). Run it in a worker thread or a child process.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';
import { FakeCache } from './cache';
import { connectSharedState, type SharedStateHandle } from './concurrent/state-client';
import { CallLedger } from './cost-model';
import { FetchBridge } from './fetch-bridge';
import { isVmTimeout, toHostError } from './host-error';
import { FakeHtmlService } from './html';
import { EditableUrlFetchApp, type EditsInFlight } from './in-flight';
import { FakeLock, type LockKind, LockState } from './lock';
import { FakeProperties } from './properties';
import { Realm } from './realm';
import { type AuthModeName, EXCEEDED_MESSAGE, ExecutionLimitError, Runtime } from './runtime';
import { createLogging, FakeScriptApp, FakeSession } from './session';
import { FakeSpreadsheet, FakeSpreadsheetApp, type SpreadsheetSpec } from './spreadsheet';
import { FakeUi, type UiLog } from './ui';
import { createHttpLog, type HttpLog } from './url-fetch';
import { FakeUtilities } from './utilities';

export { FakeCache } from './cache';
export { LockState } from './lock';
export { FakeProperties } from './properties';
export { FakeRange } from './range';
export { FakeSheet } from './sheet';
export { FakeSpreadsheet } from './spreadsheet';
export type { RecordedRequest } from './url-fetch';

export interface SandboxOptions {
  codePath?: string;
  distDir?: string;
  scriptProperties?: Record<string, string>;
  documentProperties?: Record<string, string>;
  userProperties?: Record<string, string>;
  locale?: string;
  spreadsheet?: SpreadsheetSpec;
  now?: () => number;
  customFunctionLimitMs?: number;
  executionLimitMs?: number;
  fetchTimeoutMs?: number;
  /** Share locks with other sandboxes (also in other threads): pass their `lockState`. */
  lockState?: LockState;
  /**
   * Share caches, property stores and locks with sandboxes in other threads (concurrent/shared-state.ts);
   * the properties are seeded there, so the *Properties options must be left out.
   */
  sharedState?: SharedStateHandle;
  /** A network thread to use (and leave open on close) instead of one of the sandbox's own. */
  fetchBridge?: FetchBridge;
  /** Session.getActiveUser().getEmail() outside custom functions. */
  userEmail?: string;
}

export interface Sandbox {
  callCustomFunction<T = unknown>(name: string, ...args: unknown[]): T;
  /**
   * A custom function run as the formula in `cell` ("Sheet1!I2"; no sheet name: the active sheet):
   * inside it, getActiveRange() is that cell, as in Sheets (PLATFORM.md "Costs and behaviours").
   * The arguments are given as Sheets would pass them (formula-args.ts evaluates a cell's formula).
   */
  callCustomFunctionAt<T = unknown>(cell: string, name: string, ...args: unknown[]): T;
  call<T = unknown>(name: string, ...args: unknown[]): T;
  callWithAuthMode<T = unknown>(name: string, authMode: 'NONE' | 'LIMITED' | 'FULL', e?: object): T;
  /** The global object of the latest execution (a fresh one per call, as in Apps Script). */
  readonly context: vm.Context;
  /** The latest execution's service calls, counted and priced as in Apps Script (cost-model.ts). */
  readonly lastExecution: ExecutionCost;
  http: HttpLog;
  properties: { script: FakeProperties; document: FakeProperties; user: FakeProperties };
  caches: { script: FakeCache; document: FakeCache; user: FakeCache };
  spreadsheet: FakeSpreadsheet;
  ui: UiLog;
  logs: string[];
  lockState: LockState;
  /** A person's edits while the script waits for the network (in-flight.ts). */
  edits: EditsInFlight;
  close(): Promise<void>;
}

export interface ExecutionCost {
  ledger: CallLedger;
  /** Node time of the execution, network included. */
  wallMs: number;
  /** wallMs plus what the service calls would have cost in Apps Script. */
  estimatedAppsScriptMs: number;
}

export const SCRIPT_ID = 'sandbox-script-id';
const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Simple triggers (onOpen, onEdit, onInstall) may run 30 s (guides/triggers, restrictions). */
const SIMPLE_TRIGGER_LIMIT_MS = 30_000;
const INVOKE = '__sandboxInvoke__';

function scriptTimeZone(codePath: string): string {
  for (const file of [
    path.join(path.dirname(codePath), 'appsscript.json'),
    path.join(REPO_ROOT, 'appsscript.json'),
  ]) {
    try {
      const zone = (JSON.parse(fs.readFileSync(file, 'utf8')) as { timeZone?: string }).timeZone;
      if (zone) return zone;
    } catch {
      // no manifest there: try the next one
    }
  }
  return 'Etc/UTC';
}

export function createSandbox(opts: SandboxOptions = {}): Sandbox {
  const codePath = opts.codePath ?? path.join(REPO_ROOT, 'dist', 'Code.js');
  const distDir = opts.distDir ?? path.join(REPO_ROOT, 'dist');
  const script = new vm.Script(fs.readFileSync(codePath, 'utf8'), { filename: codePath });
  const invoker = new vm.Script(`${INVOKE}()`, { filename: 'sandbox-invoke' });
  const customLimitMs = opts.customFunctionLimitMs ?? 30_000;
  const executionLimitMs = opts.executionLimitMs ?? 360_000;

  let context = vm.createContext({});
  const runtime = new Runtime(new Realm(context), opts.now ?? Date.now);
  const logs: string[] = [];
  const http = createHttpLog();
  const bridge = opts.fetchBridge ?? new FetchBridge();
  const ui = new FakeUi(runtime);
  const spreadsheet = new FakeSpreadsheet(runtime, ui, opts.spreadsheet ?? { sheets: [{ name: 'Sheet1' }] });
  const shared = opts.sharedState ? connectSharedState(opts.sharedState) : undefined;
  const properties = {
    script: new FakeProperties(runtime, 'Script', opts.scriptProperties, shared?.properties('Script')),
    document: new FakeProperties(
      runtime,
      'Document',
      opts.documentProperties,
      shared?.properties('Document'),
    ),
    // In a custom function these are the owner's (custom functions guide); the sandbox has one user.
    user: new FakeProperties(runtime, 'User', opts.userProperties, shared?.properties('User')),
  };
  const caches = {
    script: new FakeCache(runtime, 'Script', shared?.cache('Script')),
    document: new FakeCache(runtime, 'Document', shared?.cache('Document')),
    user: new FakeCache(runtime, 'User', shared?.cache('User')),
  };
  const lockState = opts.lockState ?? shared?.lockState ?? new LockState();
  const lock = (kind: LockKind) => () => new FakeLock(runtime, lockState, kind);
  const urlFetch = new EditableUrlFetchApp(runtime, bridge, http, opts.fetchTimeoutMs ?? 60_000, SCRIPT_ID);
  const services: Record<string, unknown> = {
    UrlFetchApp: urlFetch,
    CacheService: {
      getScriptCache: () => caches.script,
      getDocumentCache: () => caches.document,
      getUserCache: () => caches.user,
    },
    PropertiesService: {
      getScriptProperties: () => properties.script,
      getDocumentProperties: () => properties.document,
      getUserProperties: () => properties.user,
    },
    LockService: {
      getScriptLock: lock('Script'),
      getDocumentLock: lock('Document'),
      getUserLock: lock('User'),
    },
    Utilities: new FakeUtilities(runtime),
    SpreadsheetApp: new FakeSpreadsheetApp(runtime, spreadsheet, ui),
    HtmlService: new FakeHtmlService(runtime, distDir),
    Session: new FakeSession(
      runtime,
      opts.locale ?? 'en',
      scriptTimeZone(codePath),
      opts.userEmail ?? 'user@example.com',
    ),
    ScriptApp: new FakeScriptApp(SCRIPT_ID),
    ...createLogging(logs),
  };
  let lastExecution: ExecutionCost = { ledger: new CallLedger(), wallMs: 0, estimatedAppsScriptMs: 0 };
  let pending: { fn: (...args: unknown[]) => unknown; args: unknown[] } | undefined;

  /** A new global object with the services, and the project evaluated in it. */
  function freshContext(timeoutMs: number): vm.Context {
    const next = vm.createContext({}, { name: 'Apps Script' });
    runtime.realm = new Realm(next);
    // `console` exists in every vm context (V8's own); defining ours on the sandbox object shadows it.
    for (const [name, value] of Object.entries(services)) {
      Object.defineProperty(next, name, { value, writable: true, configurable: true, enumerable: false });
    }
    Object.defineProperty(next, INVOKE, {
      value: () => pending?.fn.apply(undefined, pending.args),
      enumerable: false,
    });
    script.runInContext(next, { timeout: timeoutMs });
    context = next;
    return next;
  }

  function execute<T>(authMode: AuthModeName, limitMs: number, name: string, args: unknown[]): T {
    const started = performance.now();
    runtime.authMode = authMode;
    runtime.killed = false;
    runtime.deadline = started + limitMs;
    runtime.executionId = 1 + Math.floor(Math.random() * 0x7ffffffe);
    runtime.ledger = new CallLedger();
    const vmTimeout = () => Math.max(1, Math.ceil(runtime.remainingMs()));
    try {
      const ctx = freshContext(vmTimeout());
      const fn = (ctx as Record<string, unknown>)[name];
      if (typeof fn !== 'function') throw new Error(`Script function not found: ${name}`);
      pending = { fn: fn as (...a: unknown[]) => unknown, args: args.map((a) => runtime.realm.copyIn(a)) };
      const result = invoker.runInContext(ctx, { timeout: vmTimeout() }) as T;
      if (runtime.killed || performance.now() > runtime.deadline) throw new ExecutionLimitError();
      return result;
    } catch (error) {
      if (runtime.killed || isVmTimeout(error) || error instanceof ExecutionLimitError)
        throw new Error(EXCEEDED_MESSAGE);
      throw toHostError(error);
    } finally {
      const wallMs = performance.now() - started;
      lastExecution = {
        ledger: runtime.ledger,
        wallMs,
        estimatedAppsScriptMs: wallMs + runtime.ledger.estimatedServiceMs,
      };
      runtime.ledger = new CallLedger(); // the host's own look at the fakes is not the execution's
      lockState.releaseAll(runtime.executionId);
      pending = undefined;
      // Between executions the host inspects the fakes freely: full access, no deadline.
      runtime.killed = false;
      runtime.authMode = 'FULL';
      runtime.deadline = Number.POSITIVE_INFINITY;
      runtime.executionId = 0;
    }
  }

  // Evaluate once now so that `context` shows the project's globals before the first call.
  freshContext(executionLimitMs);

  return {
    callCustomFunction: <T>(name: string, ...args: unknown[]) =>
      execute<T>('CUSTOM_FUNCTION', customLimitMs, name, args),
    callCustomFunctionAt<T>(cell: string, name: string, ...args: unknown[]): T {
      spreadsheet.callingCell = spreadsheet.getRange(cell);
      try {
        return execute<T>('CUSTOM_FUNCTION', customLimitMs, name, args);
      } finally {
        spreadsheet.callingCell = undefined;
      }
    },
    call: <T>(name: string, ...args: unknown[]) => execute<T>('FULL', executionLimitMs, name, args),
    callWithAuthMode<T>(name: string, authMode: 'NONE' | 'LIMITED' | 'FULL', e?: object): T {
      const limit =
        authMode === 'FULL' ? executionLimitMs : Math.min(SIMPLE_TRIGGER_LIMIT_MS, executionLimitMs);
      return execute<T>(authMode, limit, name, [{ authMode, ...(e ?? {}) }]);
    },
    get context() {
      return context;
    },
    get lastExecution() {
      return lastExecution;
    },
    http,
    properties,
    caches,
    spreadsheet,
    ui,
    logs,
    lockState,
    edits: urlFetch.edits,
    close: () => {
      shared?.close();
      return opts.fetchBridge ? Promise.resolve() : bridge.close();
    },
  };
}
