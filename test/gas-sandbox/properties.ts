// PropertiesService stores (developers.google.com/apps-script/reference/properties/properties).
// Limits are the documented quotas (guides/services/quotas: 9 KB per value, 500 KB per store), kept by
// the backing (property-store.ts). The error text is the one users report when a write breaks them:
// "You have exceeded the property storage quota. Please remove some properties and try again."
// (reported for a single oversized value as well as for a full store). Tanaike's 2023 measurements
// ("Report: Specification of Properties Service") found the store counts key AND value bytes and that
// real Apps Script was looser per value than documented; this fake enforces the documented 9 KB so
// code that relies on more fails here. In a custom function the stores can be read but not written
// (custom functions guide: editors cannot set properties there; user properties are the owner's):
// writes throw the permission text.
import { LocalPropertyStore, type PropertyBacking } from './property-store';
import type { Runtime } from './runtime';

export { PROPERTY_MAX_STORE_BYTES, PROPERTY_MAX_VALUE_BYTES } from './property-store';
export const PROPERTY_QUOTA_MESSAGE =
  'You have exceeded the property storage quota. Please remove some properties and try again.';

export class FakeProperties {
  private readonly store: PropertyBacking;

  constructor(
    private readonly runtime: Runtime,
    private readonly kind: 'Script' | 'Document' | 'User',
    initial: Record<string, string> = {},
    /** A store shared across threads (concurrent/shared-state.ts) instead of this sandbox's own. */
    backing?: PropertyBacking,
  ) {
    if (backing && Object.keys(initial).length > 0)
      throw new Error(`${kind} properties come from the shared state: seed them there, not per sandbox`);
    this.store = backing ?? new LocalPropertyStore(initial);
  }

  getProperty(key: unknown): string | null {
    this.guard('getProperty', false);
    return this.store.get(String(key));
  }

  getProperties(): Record<string, string> {
    this.guard('getProperties', false);
    return this.runtime.realm.object(this.store.all());
  }

  getKeys(): string[] {
    this.guard('getKeys', false);
    return this.runtime.realm.array(this.store.keys());
  }

  setProperty(key: unknown, value: unknown): FakeProperties {
    this.guard('setProperty', true);
    this.write([[String(key), String(value)]], false);
    return this;
  }

  setProperties(properties: unknown, deleteAllOthers?: unknown): FakeProperties {
    this.guard('setProperties', true);
    const entries = Object.entries((properties ?? {}) as Record<string, unknown>).map(
      ([k, v]) => [k, String(v)] as [string, string],
    );
    this.write(entries, deleteAllOthers === true);
    return this;
  }

  deleteProperty(key: unknown): FakeProperties {
    this.guard('deleteProperty', true);
    this.store.remove(String(key));
    return this;
  }

  deleteAllProperties(): FakeProperties {
    this.guard('deleteAllProperties', true);
    this.store.clear();
    return this;
  }

  /** Host-side view for tests: a plain copy of the store, no mode checks. */
  snapshot(): Record<string, string> {
    return this.store.all();
  }

  /** All-or-nothing, as one service call: a write that breaks a limit changes nothing. */
  private write(updates: Array<[string, string]>, replaceAll: boolean): void {
    if (!this.store.write(updates, replaceAll)) this.runtime.fail(PROPERTY_QUOTA_MESSAGE);
  }

  private guard(method: string, writes: boolean): void {
    const store = `PropertiesService.get${this.kind}Properties`;
    this.runtime.require('document', store, `${store}().${method}`);
    if (writes && this.runtime.inCustomFunction) {
      this.runtime.fail(`You do not have permission to call ${method}`);
    }
  }
}
