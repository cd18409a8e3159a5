// The state of the execution in progress, shared by every fake: how the function was started (custom
// function, menu/sidebar call, simple trigger in some AuthMode), its deadline, and whether the
// platform has already killed it. Apps Script enforces its limits by ending the execution, not by an
// exception the script can catch: the fakes throw ExecutionLimitError and set `killed`, and the
// sandbox reports "Exceeded maximum execution time" whatever the script did with that throw.
import { performance } from 'node:perf_hooks';
import { CallLedger } from './cost-model';
import type { Realm } from './realm';

/** ScriptApp.AuthMode names (developers.google.com/apps-script/reference/script/auth-mode). */
export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL' | 'CUSTOM_FUNCTION';

/** What a service call needs, from least to most: see Runtime.require. */
export type Access = 'anonymous' | 'document' | 'external';

export const EXCEEDED_MESSAGE = 'Exceeded maximum execution time';

export class ExecutionLimitError extends Error {
  constructor() {
    super(EXCEEDED_MESSAGE);
    this.name = 'ExecutionLimitError';
  }
}

export class Runtime {
  authMode: AuthModeName = 'FULL';
  /** performance.now() value at which the current execution is over; Infinity between calls. */
  deadline = Number.POSITIVE_INFINITY;
  killed = false;
  /** Distinguishes executions for LockService (unique across threads, see lock.ts). */
  executionId = 0;
  /** The service calls of the current (or latest) execution, priced by cost-model.ts. */
  ledger = new CallLedger();
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    /** Replaced at the start of every execution: each one runs in a fresh context (sandbox.ts). */
    public realm: Realm,
    readonly now: () => number,
  ) {}

  get inCustomFunction(): boolean {
    return this.authMode === 'CUSTOM_FUNCTION';
  }

  remainingMs(): number {
    return this.deadline - performance.now();
  }

  /** Ends the execution as the platform does when the time limit is reached. */
  kill(): never {
    this.killed = true;
    throw new ExecutionLimitError();
  }

  checkDeadline(): void {
    if (this.killed || this.remainingMs() <= 0) this.kill();
  }

  /** Throws an Apps Script "Exception" into the script. */
  fail(message: string): never {
    throw this.realm.exception(message);
  }

  /**
   * Refuses a call the current AuthMode does not allow. Sources: ScriptApp.AuthMode reference
   * (NONE "does not allow access to any services that require authorization"; LIMITED is the
   * simple-trigger mode of a bound script or enabled add-on: the bound document yes, services
   * needing the user's authorization such as UrlFetchApp no) and the custom functions guide
   * (CUSTOM_FUNCTION: UrlFetch, Cache, Lock, Properties, read-only Spreadsheet, Utilities allowed).
   * The text is the one Apps Script gives for a missing permission, e.g. "You do not have
   * permission to call UrlFetchApp.fetch" (enuchi/React-Google-Apps-Script#44).
   */
  require(access: Access, what: string, call: string = what): void {
    this.checkDeadline();
    this.ledger.record(call);
    const allowed =
      access === 'anonymous' ||
      (access === 'document' && this.authMode !== 'NONE') ||
      (access === 'external' && this.authMode !== 'NONE' && this.authMode !== 'LIMITED');
    if (!allowed) this.fail(`You do not have permission to call ${what}`);
  }

  /**
   * Blocks the thread for real (Apps Script's Utilities.sleep blocks the execution), but never past
   * the deadline: a sleep that would outlive the execution ends it, as the platform would.
   */
  sleep(ms: number): void {
    this.checkDeadline();
    const wanted = Math.max(0, Number(ms) || 0);
    const allowed = Math.min(wanted, Math.max(0, this.remainingMs()));
    if (allowed > 0) Atomics.wait(this.sleeper, 0, 0, allowed);
    if (allowed < wanted) this.kill();
  }
}
