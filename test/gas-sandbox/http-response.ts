// The HTTPResponse object UrlFetchApp returns (developers.google.com/apps-script/reference/url-fetch/
// http-response). Header names keep the case the server sent them in, as Apps Script does (the
// Collabora Office GAS interop tests note "Header names come in the case the server sent them in
// GAS"); node's rawHeaders preserve that case, so no Title-Casing is needed.
import { FakeBlob } from './blob';
import type { Realm } from './realm';

function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset="?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1];
}

/** Decodes bytes in a named charset; unknown names fall back to UTF-8. */
export function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(normaliseCharset(charset)).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function normaliseCharset(charset: string | undefined): string {
  const name = (charset ?? 'UTF-8').toLowerCase().replace(/_/g, '-');
  return name === 'us-ascii' ? 'ascii' : name;
}

export class FakeHttpResponse {
  constructor(
    private readonly realm: Realm,
    private readonly status: number,
    private readonly rawHeaders: string[],
    private readonly body: Uint8Array,
  ) {}

  getResponseCode(): number {
    return this.status;
  }

  /** Bytes as SIGNED Java bytes (the Collabora probe: a PNG starts [-119, 80, 78, 71, ...]). */
  getContent(): number[] {
    return this.realm.signedBytes(this.body);
  }

  /** Decoded with the charset argument, else the Content-Type's charset, else UTF-8. */
  getContentText(charset?: string): string {
    return decodeBytes(this.body, charset ?? charsetOf(this.header('content-type')));
  }

  /**
   * One value per header. Which value wins when the server repeats a header is not documented:
   * this fake keeps the first one (UNVERIFIED); getAllHeaders has them all.
   */
  getHeaders(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < this.rawHeaders.length; i += 2) {
      const name = this.rawHeaders[i] as string;
      if (!(name in out)) out[name] = this.rawHeaders[i + 1] as string;
    }
    return this.realm.object(out);
  }

  /** Repeated headers come back as arrays ("headers with multiple values returned as arrays"). */
  getAllHeaders(): Record<string, string | string[]> {
    const grouped = new Map<string, string[]>();
    for (let i = 0; i + 1 < this.rawHeaders.length; i += 2) {
      const name = this.rawHeaders[i] as string;
      grouped.set(name, [...(grouped.get(name) ?? []), this.rawHeaders[i + 1] as string]);
    }
    const out: Record<string, string | string[]> = {};
    for (const [name, values] of grouped)
      out[name] = values.length === 1 ? (values[0] as string) : this.realm.array(values);
    return this.realm.object(out);
  }

  /** The Blob's content type is the media type without parameters (Collabora probe: 'text/html'). */
  getBlob(): FakeBlob {
    const type = this.header('content-type')?.split(';')[0]?.trim() ?? null;
    return new FakeBlob(this.realm, this.body, type || null, null);
  }

  getAs(contentType: string): FakeBlob {
    return new FakeBlob(this.realm, this.body, contentType, null);
  }

  toString(): string {
    return 'HTTPResponse';
  }

  private header(lowerName: string): string | undefined {
    for (let i = 0; i + 1 < this.rawHeaders.length; i += 2) {
      if ((this.rawHeaders[i] as string).toLowerCase() === lowerName) return this.rawHeaders[i + 1];
    }
    return undefined;
  }
}
