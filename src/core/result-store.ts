import { utf8Length } from './batching';
import type { ResultValue, RowResult } from './contract';
import type { Cache } from './ports';
import { MAX_CACHE_TTL_S } from './settings';

/**
 * The row-level results cache. A row's answer lives under its content hash inside a context (API,
 * signing, model, version, header: row-hash.ts), so a sort, an insert above or a second formula over
 * the same rows finds it wherever the row now stands.
 *
 * Apps Script's cache keeps about 1,000 items of at most 100 KB each (PLATFORM.md), so rows are grouped into
 * 256 buckets by the first two hex digits of their hash: a bucket holds, per context, the rows whose
 * hash starts with its digits. Every execution reads the buckets it needs in one getAll and writes the
 * ones it changed in one putAll. Two executions that change one bucket at once race and the later write
 * wins: the other's additions are lost, which costs a later miss and can never serve a wrong answer,
 * because every entry is addressed by its own content.
 */

/** Two hex digits: 256 buckets, a quarter of Apps Script's cache item cap, room for all other entries. */
const BUCKET_DIGITS = 2;
/** Below Apps Script's cache limit of 100 KB per value, with room for the JSON around the entries. */
export const MAX_BUCKET_BYTES = 98 * 1024;

/** [expiry in seconds since the epoch, 1, value] or [expiry, 0, error code, error message]. */
type Entry = [number, 1, ResultValue] | [number, 0, string, string];
/** context hash -> (rest of the row hash -> entry); objects keep insertion order, oldest first. */
type Bucket = Record<string, Record<string, Entry>>;

function isCell(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** An entry read back from the cache, or undefined when it is expired or not one we wrote. */
function decode(entry: unknown, nowMs: number): RowResult | undefined {
  if (!Array.isArray(entry) || typeof entry[0] !== 'number' || entry[0] * 1000 <= nowMs) return undefined;
  if (entry[1] === 1 && entry.length === 3) {
    const value = entry[2];
    if (isCell(value) || (Array.isArray(value) && value.length > 0 && value.every(isCell))) {
      return { ok: true, value: value as ResultValue };
    }
  }
  if (entry[1] === 0 && typeof entry[2] === 'string' && typeof entry[3] === 'string') {
    return { ok: false, error: { code: entry[2], message: entry[3] } };
  }
  return undefined;
}

function parseBucket(raw: string | undefined): Bucket {
  if (raw === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const bucket: Bucket = {};
    for (const [context, rows] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof rows === 'object' && rows !== null && !Array.isArray(rows)) {
        bucket[context] = rows as Record<string, Entry>;
      }
    }
    return bucket;
  } catch {
    return {}; // a damaged bucket is a miss for all its rows, and is rewritten whole
  }
}

export class ResultStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly changed = new Set<string>();
  /** Contexts written by this execution: the last to lose rows when a bucket must shrink. */
  private readonly written = new Set<string>();

  constructor(
    private readonly cache: Cache,
    private readonly generation: string,
    private readonly ttlS: number,
    private readonly nowMs: () => number,
  ) {}

  bucketKey(rowHash: string): string {
    return `sb2:rows:${this.generation}:${rowHash.slice(0, BUCKET_DIGITS)}`;
  }

  /**
   * Reads the buckets of these rows, and any other keys given, in one getAll. Returns what it found
   * among the other keys.
   */
  load(rowHashes: Iterable<string>, otherKeys: string[]): Record<string, string> {
    const keys = new Set<string>();
    for (const hash of rowHashes) keys.add(this.bucketKey(hash));
    const found = this.cache.getAll([...otherKeys, ...keys]);
    for (const key of keys) this.buckets.set(key, parseBucket(found[key]));
    const others: Record<string, string> = {};
    for (const key of otherKeys) if (found[key] !== undefined) others[key] = found[key];
    return others;
  }

  get(context: string, rowHash: string): RowResult | undefined {
    const rows = this.buckets.get(this.bucketKey(rowHash))?.[context];
    return rows === undefined ? undefined : decode(rows[rowHash.slice(BUCKET_DIGITS)], this.nowMs());
  }

  put(context: string, rowHash: string, result: RowResult): void {
    const key = this.bucketKey(rowHash);
    const bucket = this.buckets.get(key) ?? {};
    this.buckets.set(key, bucket);
    // Re-inserting moves the context and the row to the end: the order is the eviction order.
    const rows = bucket[context] ?? {};
    delete bucket[context];
    bucket[context] = rows;
    const id = rowHash.slice(BUCKET_DIGITS);
    delete rows[id];
    const expires = Math.ceil(this.nowMs() / 1000) + this.ttlS;
    rows[id] = result.ok ? [expires, 1, result.value] : [expires, 0, result.error.code, result.error.message];
    this.changed.add(key);
    this.written.add(context);
  }

  /** The changed buckets, each trimmed to fit one cache value, plus `extra`, in one putAll. */
  flush(extra: Record<string, string> = {}): void {
    const entries: Record<string, string> = { ...extra };
    for (const key of this.changed) {
      entries[key] = this.serialise(this.buckets.get(key) as Bucket);
    }
    this.changed.clear();
    // Rows carry their own expiry, so every item may live the longest Apps Script's cache allows: the model
    // list outlives a short result lifetime, and items farthest from expiry are the last evicted.
    if (Object.keys(entries).length > 0) this.cache.putAll(entries, MAX_CACHE_TTL_S);
  }

  /** Drops expired rows, then the oldest rows (other executions' contexts first) until it fits. */
  private serialise(bucket: Bucket): string {
    const now = this.nowMs();
    const candidates: Array<{ context: string; id: string; bytes: number }> = [];
    const later: typeof candidates = [];
    for (const [context, rows] of Object.entries(bucket)) {
      for (const [id, entry] of Object.entries(rows)) {
        if (decode(entry, now) === undefined) {
          delete rows[id];
          continue;
        }
        const item = { context, id, bytes: utf8Length(JSON.stringify(entry)) + id.length + 4 };
        (this.written.has(context) ? later : candidates).push(item);
      }
      if (Object.keys(rows).length === 0) delete bucket[context];
    }
    candidates.push(...later);
    let text = JSON.stringify(bucket);
    let excess = utf8Length(text) - MAX_BUCKET_BYTES;
    while (excess > 0 && candidates.length > 0) {
      for (const item of candidates.splice(0, Math.max(1, Math.ceil(candidates.length / 64)))) {
        const rows = bucket[item.context];
        if (rows === undefined) continue;
        delete rows[item.id];
        if (Object.keys(rows).length === 0) delete bucket[item.context];
        excess -= item.bytes;
      }
      if (excess <= 0) {
        text = JSON.stringify(bucket);
        excess = utf8Length(text) - MAX_BUCKET_BYTES;
      }
    }
    return excess > 0 ? JSON.stringify(bucket) : text;
  }
}
