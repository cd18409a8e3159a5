// UrlFetchApp over real HTTP (developers.google.com/apps-script/reference/url-fetch/url-fetch-app).
// Every request is recorded in `http` so tests can assert what went over the wire and when.
import { FakeBlob } from './blob';
import type { FetchBridge, NetworkFailure, WireRequest, WireResult } from './fetch-bridge';
import { decodeBytes, FakeHttpResponse } from './http-response';
import { isPlainObject } from './realm';
import type { Runtime } from './runtime';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  payload: string;
  status: number | null;
  error?: string;
  startedAt: number;
  durationMs: number;
}

export interface HttpLog {
  requests: RecordedRequest[];
  /** UrlFetchApp.fetch calls. */
  fetchCalls: number;
  /** UrlFetchApp.fetchAll calls: one round trip each, however many requests it carried. */
  fetchAllCalls: number;
  reset(): void;
}

export function createHttpLog(): HttpLog {
  const log: HttpLog = {
    requests: [],
    fetchCalls: 0,
    fetchAllCalls: 0,
    reset() {
      log.requests = [];
      log.fetchCalls = 0;
      log.fetchAllCalls = 0;
    },
  };
  return log;
}

interface Prepared {
  wire: WireRequest;
  payloadText: string;
  mute: boolean;
}

type Params = Record<string, unknown>;

// "get, delete, patch, post, or put" (UrlFetchApp reference, advanced parameters); HEAD is accepted
// by the service in practice and harmless here.
const METHODS = new Set(['GET', 'DELETE', 'PATCH', 'POST', 'PUT', 'HEAD']);

// Network failures as Apps Script words them, with the full URL (public reports: "Exception: Address
// unavailable: https://api.met.no/...", "Exception: DNS error: http://localhost:3030", "Exception:
// Timeout: https://..."). No public report shows a special text for a connection the server drops:
// failures of live hosts (zendesk, shopify, webpagetest) surface as "Address unavailable", so a
// dropped connection does too. The SSL text is UNVERIFIED.
const NETWORK_TEXT: Record<NetworkFailure, string> = {
  timeout: 'Timeout',
  unavailable: 'Address unavailable',
  dns: 'DNS error',
  dropped: 'Address unavailable',
  ssl: 'SSL Error',
  other: 'Unexpected error',
};

/**
 * "Request failed for https://api.line.me returned code 400. Truncated server response: {...} (use
 * muteHttpExceptions option to examine full response)": only the origin is named, the body is cut
 * to 150 characters ending in "..." (147 + 3 in every public sample), and an empty body leaves the
 * second sentence out ("Request failed for https://httpbin.org returned code 404", Collabora probe).
 */
export function httpFailureMessage(url: string, status: number, body: string): string {
  const head = `Request failed for ${new URL(url).origin} returned code ${status}`;
  if (body === '') return head;
  const shown = body.length > 150 ? `${body.slice(0, 147)}...` : body;
  return `${head}. Truncated server response: ${shown} (use muteHttpExceptions option to examine full response)`;
}

export class FakeUrlFetchApp {
  constructor(
    private readonly runtime: Runtime,
    private readonly bridge: FetchBridge,
    private readonly log: HttpLog,
    private readonly timeoutMs: number,
    private readonly scriptId: string,
  ) {}

  fetch(url: unknown, params?: Params): FakeHttpResponse {
    this.runtime.require('external', 'UrlFetchApp.fetch');
    this.log.fetchCalls++;
    return this.send([this.prepare(url, params ?? {})])[0] as FakeHttpResponse;
  }

  /** All requests go out at once; one network failure throws for the whole call (PLATFORM.md). */
  fetchAll(requests: unknown): FakeHttpResponse[] {
    this.runtime.require('external', 'UrlFetchApp.fetchAll');
    if (!Array.isArray(requests)) this.runtime.fail('Invalid argument: requests');
    this.log.fetchAllCalls++;
    const prepared = requests.map((r) =>
      typeof r === 'string' ? this.prepare(r, {}) : this.prepare((r as Params).url, r as Params),
    );
    return this.runtime.realm.array(this.send(prepared));
  }

  /** What would be sent, without sending it (UrlFetchApp.getRequest). */
  getRequest(url: unknown, params?: Params): Record<string, unknown> {
    const p = params ?? {};
    const { wire, payloadText } = this.prepare(url, p);
    return this.runtime.realm.object<unknown>({
      url: wire.url,
      method: typeof p.method === 'string' ? p.method : 'get',
      headers: this.runtime.realm.object(wire.headers),
      payload: payloadText,
      contentType: wire.headers['Content-Type'] ?? null,
      followRedirects: wire.followRedirects,
      validateHttpsCertificates: wire.validateHttpsCertificates,
      muteHttpExceptions: p.muteHttpExceptions === true,
    });
  }

  private prepare(urlArg: unknown, params: Params): Prepared {
    const url = String(urlArg);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
      this.runtime.fail(`Invalid argument: ${url}`);
    const method = String(params.method ?? 'get').toUpperCase();
    if (!METHODS.has(method)) this.runtime.fail(`Invalid argument: method`);

    const headers: Record<string, string> = {
      'User-Agent': `Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: ${this.scriptId})`,
    };
    if (isPlainObject(params.headers)) {
      for (const [name, value] of Object.entries(params.headers)) {
        if (name.toLowerCase() === 'user-agent') delete headers['User-Agent'];
        headers[name] = String(value);
      }
    }
    const { bytes, text, blobType } = this.encodePayload(params.payload);
    const typeHeader = Object.keys(headers).find((name) => name.toLowerCase() === 'content-type');
    const contentType = typeof params.contentType === 'string' ? params.contentType : blobType;
    if (contentType) {
      if (typeHeader) delete headers[typeHeader];
      headers['Content-Type'] = contentType;
    } else if (!typeHeader && bytes) {
      // A payload without a content type goes out form-encoded (Collabora probe against httpbin).
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    return {
      wire: {
        url,
        method,
        headers,
        body: bytes,
        followRedirects: params.followRedirects !== false,
        validateHttpsCertificates: params.validateHttpsCertificates !== false,
      },
      payloadText: text,
      mute: params.muteHttpExceptions === true,
    };
  }

  /** Strings go as UTF-8, byte arrays as bytes (signed or not), Blobs with their type, objects form-encoded. */
  private encodePayload(payload: unknown): { bytes: Uint8Array | null; text: string; blobType?: string } {
    if (payload === undefined || payload === null) return { bytes: null, text: '' };
    if (payload instanceof FakeBlob) {
      const bytes = payload.rawBytes();
      return { bytes, text: decodeBytes(bytes, 'utf-8'), blobType: payload.getContentType() ?? undefined };
    }
    if (Array.isArray(payload)) {
      const bytes = Uint8Array.from(payload as number[], (b) => Number(b) & 0xff);
      return { bytes, text: decodeBytes(bytes, 'utf-8') };
    }
    if (isPlainObject(payload)) {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(payload)) form.append(key, String(value));
      const text = form.toString();
      return { bytes: new Uint8Array(Buffer.from(text, 'utf8')), text };
    }
    const text = String(payload);
    return { bytes: new Uint8Array(Buffer.from(text, 'utf8')), text };
  }

  private send(prepared: Prepared[]): FakeHttpResponse[] {
    const runtime: Runtime = this.runtime;
    const results = this.bridge.run(
      prepared.map((p) => p.wire),
      this.timeoutMs,
      runtime.remainingMs(),
    );
    if (results === 'deadline') {
      this.record(prepared, undefined);
      if (runtime.remainingMs() <= 0) runtime.kill();
      runtime.fail(`Timeout: ${prepared[0]?.wire.url}`);
    }
    this.record(prepared, results);
    runtime.checkDeadline();
    results.forEach((result, i) => {
      if (!result.ok) runtime.fail(`${NETWORK_TEXT[result.kind]}: ${prepared[i]?.wire.url}`);
    });
    return results.map((result, i) => {
      const p = prepared[i] as Prepared;
      const ok = result as Extract<WireResult, { ok: true }>;
      const response = new FakeHttpResponse(runtime.realm, ok.status, ok.rawHeaders, ok.body);
      if (ok.status >= 400 && !p.mute) {
        runtime.fail(httpFailureMessage(p.wire.url, ok.status, response.getContentText()));
      }
      return response;
    });
  }

  private record(prepared: Prepared[], results: WireResult[] | undefined): void {
    prepared.forEach((p, i) => {
      const result = results?.[i];
      this.log.requests.push({
        url: p.wire.url,
        method: p.wire.method,
        headers: { ...p.wire.headers },
        payload: p.payloadText,
        status: result?.ok ? result.status : null,
        ...(result && !result.ok ? { error: `${NETWORK_TEXT[result.kind]}: ${p.wire.url}` } : {}),
        ...(!result ? { error: 'execution ended while waiting' } : {}),
        startedAt: result?.startedAt ?? Date.now(),
        durationMs: result?.durationMs ?? 0,
      });
    });
  }
}
