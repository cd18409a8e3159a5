import type { HttpOutcome, HttpRequest } from '../../../src/core/ports';
import { expectedResponseSignature } from '../../server/sign';

/**
 * A minimal contract-v1 API for unit tests, signing its answers with node:crypto (independently of
 * the code under test). The model: the sum of the numeric cells of a row; a row whose first cell is
 * "bad" gets an INVALID_ROW error.
 */
export const TEST_SECRET = 'unit-test-secret-not-real';

export interface FakeApiOptions {
  secret?: string | null;
  arrayValues?: boolean;
  tamper?: boolean;
  unsigned?: boolean;
  /** The version the answer names; each version adds its own offset to values, so mixes show. */
  modelVersion?: string;
}

/** What a version adds to every value: 1.0.0 adds nothing, 1.1.0 adds 1000, and so on. */
export function versionOffset(version: string): number {
  const [, minor = '0'] = version.split('.');
  return Number(minor) * 1000;
}

/** The answer signature the fake API sends: the independent signer of test/server/sign.ts. */
export const signAnswer = expectedResponseSignature;

export function answer(
  request: HttpRequest,
  status: number,
  payload: unknown,
  options: FakeApiOptions = {},
  extraHeaders: Record<string, string> = {},
): HttpOutcome {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
  const secret = options.secret === undefined ? TEST_SECRET : options.secret;
  const nonce = request.headers['X-SB-Nonce'];
  if (secret && nonce && !options.unsigned) {
    headers['x-sb-response-signature'] = signAnswer(
      secret,
      nonce,
      status,
      options.tamper ? `${body} ` : body,
    );
  }
  return { kind: 'response', status, headers, body };
}

export function predictValue(row: unknown[]): number {
  return row.reduce<number>((sum, cell) => sum + (typeof cell === 'number' ? cell : 0), 0);
}

export function predictAnswer(request: HttpRequest, options: FakeApiOptions = {}): HttpOutcome {
  const { model, rows } = JSON.parse(request.body ?? '{}') as { model: string; rows: unknown[][] };
  const modelVersion = options.modelVersion ?? '1.0.0';
  const results = rows.map((row) => {
    if (row[0] === 'bad') return { error: { code: 'INVALID_ROW', message: 'first cell must not be "bad"' } };
    const value = predictValue(row) + versionOffset(modelVersion);
    return { value: options.arrayValues ? [value, -value] : value };
  });
  return answer(request, 200, { model, modelVersion, results }, options);
}

export function errorAnswer(
  request: HttpRequest,
  status: number,
  code: string,
  extra: Record<string, string> = {},
): HttpOutcome {
  return answer(request, status, { error: { code, message: `${code} from the fake API` } }, {}, extra);
}
