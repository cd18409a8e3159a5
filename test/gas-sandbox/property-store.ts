// Where a FakeProperties keeps its values. The front (properties.ts) checks the mode and words errors;
// a backing stores and enforces the documented quotas (guides/services/quotas: 9 KB per value, 500 KB
// per store, keys and values counted) as one all-or-nothing step, so that a write racing another
// execution's cannot slip past a limit. LocalPropertyStore is the default; the state host of
// concurrent/ runs the same class so that parallel executions share one store.

export const PROPERTY_MAX_VALUE_BYTES = 9 * 1024;
export const PROPERTY_MAX_STORE_BYTES = 500 * 1024;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A property store's storage: every method is one service call's worth of work, done atomically. */
export interface PropertyBacking {
  get(key: string): string | null;
  all(): Record<string, string>;
  keys(): string[];
  /** Applies every update or none; false when a limit would be broken. */
  write(updates: Array<[string, string]>, replaceAll: boolean): boolean;
  remove(key: string): void;
  clear(): void;
}

export class LocalPropertyStore implements PropertyBacking {
  private readonly store = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(initial)) this.store.set(key, String(value));
  }

  get(key: string): string | null {
    return this.store.get(key) ?? null;
  }

  all(): Record<string, string> {
    return Object.fromEntries(this.store);
  }

  keys(): string[] {
    return [...this.store.keys()];
  }

  write(updates: Array<[string, string]>, replaceAll: boolean): boolean {
    const next = new Map(replaceAll ? [] : this.store);
    for (const [key, value] of updates) {
      if (bytes(value) > PROPERTY_MAX_VALUE_BYTES) return false;
      next.set(key, value);
    }
    let total = 0;
    for (const [key, value] of next) total += bytes(key) + bytes(value);
    if (total > PROPERTY_MAX_STORE_BYTES) return false;
    this.store.clear();
    for (const [key, value] of next) this.store.set(key, value);
    return true;
  }

  remove(key: string): void {
    this.store.delete(key);
  }

  clear(): void {
    this.store.clear();
  }
}
