// What Apps Script service calls cost in real time, for the sandbox's ledger. The sandbox's fakes
// answer in microseconds; in Apps Script every service call is a round trip to Google's backends, and
// those milliseconds are most of an execution's time (PLATFORM.md "Costs and behaviours"). Each
// execution's calls are counted and priced here, so tests can assert how many calls an execution
// makes and the benchmark can report an estimated Apps Script time next to the Node time.
//
// Figures (median per call) and their sources:
// - PropertiesService reads ~30 ms (20-84), writes ~60 ms: ziritione.org "apps_script_performance" and
//   justin.poehnelt.com "apps-script-key-value-stores" (getProperty; getProperties is one round trip
//   too, so it is priced the same).
// - CacheService get/getAll ~3 ms, put/putAll ~90 ms: the same two sources.
// - SpreadsheetApp (Spreadsheet, Sheet, Range calls) 100 ms and more per read: the same sources; a
//   write is priced the same (it is at least a read).
// - LockService tryLock/waitLock/releaseLock: UNVERIFIED, no published figure; priced like a property
//   write (60 ms), both being writes to a shared store.
// - UrlFetchApp: the network time is measured for real by the sandbox; the per-call overhead beyond it
//   is UNVERIFIED, priced at 20 ms per fetch or fetchAll call.
// - Utilities, Session, Logger: in-process, priced at 0.

export interface CostRule {
  pattern: RegExp;
  ms: number;
}

export const SERVICE_COSTS: readonly CostRule[] = [
  { pattern: /^PropertiesService\.\w+\(\)\.(getProperty|getProperties|getKeys)$/, ms: 30 },
  { pattern: /^PropertiesService\./, ms: 60 },
  { pattern: /^CacheService\.\w+\(\)\.(get|getAll)$/, ms: 3 },
  { pattern: /^CacheService\./, ms: 90 },
  { pattern: /^(SpreadsheetApp|Spreadsheet|Sheet|Range)\./, ms: 100 },
  { pattern: /^LockService\./, ms: 60 },
  { pattern: /^UrlFetchApp\./, ms: 20 },
];

export function costOf(call: string): number {
  return SERVICE_COSTS.find((rule) => rule.pattern.test(call))?.ms ?? 0;
}

/** The service calls of one execution and what they would have cost in Apps Script. */
export class CallLedger {
  readonly calls = new Map<string, number>();
  estimatedServiceMs = 0;

  record(call: string): void {
    this.calls.set(call, (this.calls.get(call) ?? 0) + 1);
    this.estimatedServiceMs += costOf(call);
  }

  /** How many calls matched: `count(/CacheService.*getAll/)`. */
  count(pattern: RegExp): number {
    let n = 0;
    for (const [call, times] of this.calls) if (pattern.test(call)) n += times;
    return n;
  }
}
