// Values crossing between Node (the host) and the script's vm context. A vm context is a separate
// realm: an array made by the host is not `instanceof Array` inside the script, a host Date is not
// `instanceof Date`. In Apps Script every value the script sees belongs to its own V8 realm, so
// everything the fakes hand to the script is rebuilt here with the context's own constructors.
import vm from 'node:vm';

interface RealmConstructors {
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Date: DateConstructor;
  Error: ErrorConstructor;
}

/** True for a Date of any realm (`instanceof` cannot see across realms). */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** True for a plain object literal of any realm (not an array, Date, class instance or fake). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export class Realm {
  readonly context: vm.Context;
  private readonly ctors: RealmConstructors;

  constructor(context: vm.Context) {
    this.context = context;
    this.ctors = vm.runInContext('({ Array, Object, Date, Error })', context) as RealmConstructors;
  }

  /** A context-realm array holding the given items as they are. */
  array<T>(items: readonly T[]): T[] {
    return this.ctors.Array.from(items);
  }

  /** A context-realm plain object with the given entries. */
  object<T>(entries: Record<string, T>): Record<string, T> {
    return this.ctors.Object.assign(new this.ctors.Object(), entries) as Record<string, T>;
  }

  date(ms: number): Date {
    return new this.ctors.Date(ms);
  }

  /** Bytes as Apps Script returns them: a plain array of SIGNED bytes (-128..127), Java's byte[]. */
  signedBytes(bytes: Uint8Array): number[] {
    const out = new this.ctors.Array<number>(bytes.length);
    for (let i = 0; i < bytes.length; i++) out[i] = ((bytes[i] as number) << 24) >> 24;
    return out;
  }

  /**
   * Apps Script's service errors: an Error whose name is "Exception", so that String(e) reads
   * "Exception: <message>" as in the Apps Script log, e.message is the bare text (public reports,
   * e.g. `{ [Exception: Request failed for https://api.notion.com returned code 502 ...] name:
   * 'Exception' }`), and `e instanceof Error` holds inside the script.
   */
  exception(message: string): Error {
    const error = new this.ctors.Error(message);
    Object.defineProperty(error, 'name', { value: 'Exception', writable: true, configurable: true });
    return error;
  }

  /**
   * A deep copy of a host value into the context's realm (what `call` does with its arguments):
   * arrays, plain objects and Dates are rebuilt; primitives, functions and other objects (fakes,
   * typed arrays) pass through unchanged.
   */
  copyIn(value: unknown, seen: Map<object, unknown> = new Map()): unknown {
    if (value === null || typeof value !== 'object') return value;
    const known = seen.get(value);
    if (known !== undefined) return known;
    if (isDate(value)) return this.date(value.getTime());
    if (Array.isArray(value)) {
      const out = new this.ctors.Array<unknown>();
      seen.set(value, out);
      for (const item of value) out.push(this.copyIn(item, seen));
      return out;
    }
    if (isPlainObject(value)) {
      const out = new this.ctors.Object() as Record<string, unknown>;
      seen.set(value, out);
      for (const [key, item] of Object.entries(value)) out[key] = this.copyIn(item, seen);
      return out;
    }
    return value;
  }
}
