// PropertiesService stores (developers.google.com/apps-script/reference/properties/properties).
// Limits are the documented quotas (guides/services/quotas: 9 KB per value, 500 KB per store). The
// error text is the one users report when a write breaks them: "You have exceeded the property
// storage quota. Please remove some properties and try again." (reported for a single oversized value
// as well as for a full store). Tanaike's 2023 measurements ("Report: Specification of Properties
// Service") found the store counts key AND value bytes and that real Apps Script was looser per value
// than documented; this fake enforces the documented 9 KB so code that relies on more fails here.
// In a custom function the stores can be read but not written (custom functions guide: editors
// cannot set properties there; user properties are the owner's): writes throw the permission text.
import type { Runtime } from './runtime';

export const PROPERTY_MAX_VALUE_BYTES = 9 * 1024;
export const PROPERTY_MAX_STORE_BYTES = 500 * 1024;
export const PROPERTY_QUOTA_MESSAGE =
  'You have exceeded the property storage quota. Please remove some properties and try again.';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

export class FakeProperties {
  private readonly store = new Map<string, string>();

  constructor(
    private readonly runtime: Runtime,
    private readonly kind: 'Script' | 'Document' | 'User',
    initial: Record<string, string> = {},
  ) {
    for (const [key, value] of Object.entries(initial)) this.store.set(key, String(value));
  }

  getProperty(key: unknown): string | null {
    this.guard('getProperty', false);
    return this.store.get(String(key)) ?? null;
  }

  getProperties(): Record<string, string> {
    this.guard('getProperties', false);
    return this.runtime.realm.object(Object.fromEntries(this.store));
  }

  getKeys(): string[] {
    this.guard('getKeys', false);
    return this.runtime.realm.array([...this.store.keys()]);
  }

  setProperty(key: unknown, value: unknown): FakeProperties {
    this.guard('setProperty', true);
    this.write(new Map([[String(key), String(value)]]), false);
    return this;
  }

  setProperties(properties: unknown, deleteAllOthers?: unknown): FakeProperties {
    this.guard('setProperties', true);
    const entries = Object.entries((properties ?? {}) as Record<string, unknown>).map(
      ([k, v]) => [k, String(v)] as [string, string],
    );
    this.write(new Map(entries), deleteAllOthers === true);
    return this;
  }

  deleteProperty(key: unknown): FakeProperties {
    this.guard('deleteProperty', true);
    this.store.delete(String(key));
    return this;
  }

  deleteAllProperties(): FakeProperties {
    this.guard('deleteAllProperties', true);
    this.store.clear();
    return this;
  }

  /** Host-side view for tests: a plain copy of the store, no mode checks. */
  snapshot(): Record<string, string> {
    return Object.fromEntries(this.store);
  }

  /** All-or-nothing, as one service call: a write that breaks a limit changes nothing. */
  private write(updates: Map<string, string>, replaceAll: boolean): void {
    const next = new Map(replaceAll ? [] : this.store);
    for (const [key, value] of updates) {
      if (bytes(value) > PROPERTY_MAX_VALUE_BYTES) this.runtime.fail(PROPERTY_QUOTA_MESSAGE);
      next.set(key, value);
    }
    let total = 0;
    for (const [key, value] of next) total += bytes(key) + bytes(value);
    if (total > PROPERTY_MAX_STORE_BYTES) this.runtime.fail(PROPERTY_QUOTA_MESSAGE);
    this.store.clear();
    for (const [key, value] of next) this.store.set(key, value);
  }

  private guard(method: string, writes: boolean): void {
    const store = `PropertiesService.get${this.kind}Properties`;
    this.runtime.require('document', store, `${store}().${method}`);
    if (writes && this.runtime.inCustomFunction) {
      this.runtime.fail(`You do not have permission to call ${method}`);
    }
  }
}
