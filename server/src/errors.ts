// The contract's error model: every non-2xx answer is {"error":{"code","message",...}} so that a client
// can branch on a stable code instead of parsing English text.

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'AUTH_MISSING'
  | 'AUTH_UNKNOWN_KEY'
  | 'AUTH_STALE_TIMESTAMP'
  | 'AUTH_REPLAYED_NONCE'
  | 'AUTH_BAD_SIGNATURE'
  | 'NOT_FOUND'
  | 'REQUEST_TIMEOUT'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'TOO_MANY_ROWS'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNKNOWN_MODEL'
  | 'IDEMPOTENCY_MISMATCH'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'BAD_GATEWAY'
  | 'UNAVAILABLE'
  | 'GATEWAY_TIMEOUT'
  | 'INJECTED_FAULT';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; [extra: string]: unknown };
}

/** Thrown anywhere in a request; the app's error handler turns it into the contract's shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Seconds, or an HTTP date string, for the Retry-After header (429/503). */
    readonly retryAfter?: number | string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

/** The code an injected (or proxied) status answers with, so fault answers look like real ones. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 404:
      return 'NOT_FOUND';
    case 408:
      return 'REQUEST_TIMEOUT';
    case 409:
      return 'IDEMPOTENCY_IN_PROGRESS';
    case 429:
      return 'RATE_LIMITED';
    case 500:
      return 'INTERNAL';
    case 502:
      return 'BAD_GATEWAY';
    case 503:
      return 'UNAVAILABLE';
    case 504:
      return 'GATEWAY_TIMEOUT';
    default:
      return 'INJECTED_FAULT';
  }
}
