import type { Clock } from '../core/ports';

export class AppsScriptClock implements Clock {
  nowMs(): number {
    return Date.now();
  }

  sleep(ms: number): void {
    if (ms > 0) Utilities.sleep(Math.ceil(ms));
  }
}
