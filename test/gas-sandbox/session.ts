// Session, ScriptApp, console and Logger.
// Session (developers.google.com/apps-script/reference/base/session): getActiveUserLocale() is a
// language code with an optional _REGION ('en', 'ja', 'en_GB'); in a custom function the user's email
// is the empty string (Session.getActiveUser reference: blank when the user's identity is not
// available, which includes custom functions). The script time zone is the manifest's timeZone.
import { formatWithOptions } from 'node:util';
import type { Runtime } from './runtime';

function userObject(runtime: Runtime, email: string): { getEmail(): string; toString(): string } {
  return {
    getEmail: () => (runtime.inCustomFunction ? '' : email),
    toString: () => 'User',
  };
}

export class FakeSession {
  constructor(
    private readonly runtime: Runtime,
    private readonly locale: string,
    private readonly scriptTimeZone: string,
    private readonly email: string,
  ) {}

  getActiveUserLocale(): string {
    return this.locale;
  }

  getScriptTimeZone(): string {
    return this.scriptTimeZone;
  }

  getActiveUser(): { getEmail(): string } {
    return userObject(this.runtime, this.email);
  }

  getEffectiveUser(): { getEmail(): string } {
    return userObject(this.runtime, this.email);
  }

  /** Stable per user and script (the reference: "a temporary key that is unique to the active user"). */
  getTemporaryActiveUserKey(): string {
    return this.runtime.inCustomFunction ? '' : 'sandbox-temporary-user-key';
  }

  toString(): string {
    return 'Session';
  }
}

/** ScriptApp.AuthMode values are their names (see ui.ts on enums as strings). */
export const AUTH_MODE = Object.freeze({
  NONE: 'NONE',
  CUSTOM_FUNCTION: 'CUSTOM_FUNCTION',
  LIMITED: 'LIMITED',
  FULL: 'FULL',
});

export class FakeScriptApp {
  readonly AuthMode = AUTH_MODE;

  constructor(private readonly scriptId: string) {}

  getScriptId(): string {
    return this.scriptId;
  }

  toString(): string {
    return 'ScriptApp';
  }
}

/** Apps Script's console.* and Logger.log both land in the execution log: here, `logs`. */
export function createLogging(logs: string[]): { console: object; Logger: object } {
  const format = (args: unknown[]): string =>
    formatWithOptions({ depth: 6, breakLength: Number.POSITIVE_INFINITY }, ...args);
  const console = Object.freeze({
    log: (...args: unknown[]) => void logs.push(format(args)),
    info: (...args: unknown[]) => void logs.push(format(args)),
    warn: (...args: unknown[]) => void logs.push(format(args)),
    error: (...args: unknown[]) => void logs.push(format(args)),
    debug: (...args: unknown[]) => void logs.push(format(args)),
  });
  const Logger = {
    log(...args: unknown[]) {
      logs.push(format(args));
      return Logger;
    },
    getLog: () => logs.join('\n'),
    clear: () => void logs.splice(0, logs.length),
  };
  return { console, Logger };
}
