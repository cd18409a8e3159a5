/**
 * The small interfaces the core depends on. src/gas implements them over Apps Script services; tests
 * implement them with fakes. Everything is synchronous because Apps Script is.
 */

export interface HttpRequest {
  url: string;
  method: 'get' | 'post';
  headers: Record<string, string>;
  body?: string;
}

export type HttpOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'network-error'; message: string };

export interface Http {
  /** Sends all requests at once and returns one outcome per request, in order. Never throws. */
  fetchAll(requests: HttpRequest[]): HttpOutcome[];
}

export interface Clock {
  nowMs(): number;
  sleep(ms: number): void;
}

/** A string cache with a lifetime per entry. Implementations may drop entries at any time. */
export interface Cache {
  get(key: string): string | null;
  /** The entries found among `keys` (one round trip in Apps Script instead of one per key). */
  getAll(keys: string[]): Record<string, string>;
  /** Best effort: a value the store cannot hold is skipped, never an error. */
  put(key: string, value: string, ttlSeconds: number): void;
  /** Several entries in one round trip; best effort like put. */
  putAll(entries: Record<string, string>, ttlSeconds: number): void;
}

export interface Crypto {
  sha256Hex(text: string): string;
  hmacSha256Base64(secret: string, message: string): string;
  uuid(): string;
}

/** Reads one named setting; null when it is not set. */
export type SettingsReader = (key: string) => string | null;
