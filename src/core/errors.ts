/**
 * The error model: every failure SheetBridge reports carries one of these stable codes, so that users
 * can filter error cells and the runbook can explain each one. Add a code here and the troubleshooting
 * tables in docs/ must follow (a test checks it).
 */
export const ERROR_CODES = [
  'NOT_CONFIGURED', // no base URL set: whole call
  'BAD_SETTING', // a setting has a value we refuse: whole call
  'BAD_INPUT', // the formula's arguments are unusable: whole call
  'AUTH', // 401/403: key id, secret or clock wrong
  'BAD_SIGNATURE', // the answer's signature is missing or wrong: possible tampering
  'BAD_REQUEST', // 400: the server refused the request's shape
  'TOO_LARGE', // 413 for a single row, or for a batch once the call's splits are spent
  'REJECTED', // 422: unknown model, idempotency conflict
  'INVALID_ROW', // the server refused this row's values
  'RATE_LIMITED', // 429 after every retry
  'UNAVAILABLE', // 502/503/504, network failure, retries exhausted or paused
  'SERVER_ERROR', // 500 after every retry
  'TIMEOUT', // the deadline came before this row's batch finished
  'BAD_RESPONSE', // the answer broke the contract (not JSON, wrong length, wrong shape)
  'LOCKED', // another run is writing this spreadsheet
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class SheetBridgeError extends Error {
  readonly code: ErrorCode;
  /** The HTTP status of the API's answer this error reports, when an answer's status is the error. */
  readonly httpStatus: number | null;

  constructor(code: ErrorCode, message: string, httpStatus: number | null = null) {
    super(message);
    this.name = 'SheetBridgeError';
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

export function isSheetBridgeError(value: unknown): value is SheetBridgeError {
  return value instanceof SheetBridgeError;
}

/** A per-row failure: what ends up in that row's cells as `#ERROR CODE: message`. */
export interface RowError {
  code: string;
  message: string;
}

/** Server-side per-row codes are passed through when they look like codes; anything else is INVALID_ROW. */
export function normaliseRowErrorCode(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,31}$/.test(code) ? code : 'INVALID_ROW';
}

const AUTH_HINTS: Record<string, string> = {
  AUTH_MISSING: 'the API requires signed requests: set SHEETBRIDGE_SECRET',
  AUTH_UNKNOWN_KEY: 'the API does not know SHEETBRIDGE_KEY_ID: check the key id',
  AUTH_STALE_TIMESTAMP:
    "the request's time is more than 5 minutes off the API's clock: check the server's clock",
  AUTH_REPLAYED_NONCE: 'the API saw this request twice: try again',
  AUTH_BAD_SIGNATURE:
    'the signature does not match: check that SHEETBRIDGE_SECRET is the secret of SHEETBRIDGE_KEY_ID',
};

export function authError(status: number, code: string | null): SheetBridgeError {
  const hint = AUTH_HINTS[code ?? ''] ?? 'check SHEETBRIDGE_KEY_ID and SHEETBRIDGE_SECRET against the API';
  return new SheetBridgeError(
    'AUTH',
    `The API refused the request (HTTP ${status}${code ? ` ${code}` : ''}): ${hint}.`,
  );
}
