// SB1 signing done independently of the server's code (node:crypto only), so that a test proves the
// server against the written contract rather than against itself. e2e tests may reuse it.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { expectedResponseSignature } from './sign-response.cjs';

// The answer's signature is in plain CommonJS, for a worker thread to load too.
export { expectedResponseSignature, responseSignatureForBodyHash } from './sign-response.cjs';

export interface SignOptions {
  keyId: string;
  secret: string;
  method: string;
  /** Path and query exactly as sent, e.g. "/v1/predict" or "/ml/v1/predict?x=1". */
  pathAndQuery: string;
  body?: Buffer | string;
  timestamp?: number;
  nonce?: string;
}

const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (secret: string, text: string) =>
  createHmac('sha256', secret).update(text, 'utf8').digest('base64');

/** The four SB1 headers for one attempt (a fresh nonce unless one is given). */
export function sb1Headers(o: SignOptions): Record<string, string> {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? randomUUID();
  const body = o.body ?? '';
  const text = `SB1\n${timestamp}\n${nonce}\n${o.method.toUpperCase()}\n${o.pathAndQuery}\n${sha256Hex(body)}`;
  return {
    'X-SB-Key-Id': o.keyId,
    'X-SB-Timestamp': timestamp,
    'X-SB-Nonce': nonce,
    'X-SB-Signature': hmac(o.secret, text),
  };
}

export interface SignedCall {
  baseUrl: string;
  method?: 'GET' | 'POST';
  path: string;
  /** An object is JSON-encoded; a string or Buffer is sent as is. */
  body?: unknown;
  key?: { keyId: string; secret: string };
  headers?: Record<string, string>;
  timestamp?: number;
  nonce?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  raw: Buffer;
  /** Parsed JSON, or undefined when the body is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape the answer has
  json: any;
  nonce: string | undefined;
  /** True/false when a key was used: does X-SB-Response-Signature verify for this request's nonce? */
  signatureValid: boolean | undefined;
}

/** One HTTP call, SB1-signed when a key is given, with the answer's signature checked. */
export async function call(c: SignedCall): Promise<CallResult> {
  const method = c.method ?? (c.body === undefined ? 'GET' : 'POST');
  const body =
    c.body === undefined
      ? undefined
      : typeof c.body === 'string' || Buffer.isBuffer(c.body)
        ? Buffer.from(c.body)
        : Buffer.from(JSON.stringify(c.body), 'utf8');
  const base = new URL(c.baseUrl);
  const pathAndQuery = `${base.pathname.replace(/\/$/, '')}${c.path}`;
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  let nonce: string | undefined;
  if (c.key !== undefined) {
    const signed = sb1Headers({
      ...c.key,
      method,
      pathAndQuery,
      body,
      timestamp: c.timestamp,
      nonce: c.nonce,
    });
    nonce = signed['X-SB-Nonce'];
    Object.assign(headers, signed);
  }
  Object.assign(headers, c.headers);
  const res = await fetch(`${base.origin}${pathAndQuery}`, { method, headers, body });
  const raw = Buffer.from(await res.arrayBuffer());
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    json = undefined;
  }
  const given = res.headers.get('x-sb-response-signature');
  const signatureValid =
    c.key === undefined || nonce === undefined
      ? undefined
      : given === expectedResponseSignature(c.key.secret, nonce, res.status, raw);
  return { status: res.status, headers: res.headers, raw, json, nonce, signatureValid };
}
