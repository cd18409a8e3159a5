// A minimal Blob (developers.google.com/apps-script/reference/base/blob): what SheetBridge could touch
// through HTTPResponse.getBlob() and Utilities.newBlob. Defaults follow the Collabora Office GAS
// interop probe: newBlob(bytes) has content type null, newBlob(string) has 'text/plain', name null.
import type { Realm } from './realm';

export class FakeBlob {
  constructor(
    private readonly realm: Realm,
    private bytes: Uint8Array,
    private contentType: string | null,
    private name: string | null,
  ) {}

  getBytes(): number[] {
    return this.realm.signedBytes(this.bytes);
  }

  /** Host-side access for other fakes (UrlFetchApp payloads). */
  rawBytes(): Uint8Array {
    return this.bytes;
  }

  getDataAsString(charset?: string): string {
    return new TextDecoder(charset?.toLowerCase().replace(/_/g, '-') ?? 'utf-8').decode(this.bytes);
  }

  getContentType(): string | null {
    return this.contentType;
  }

  setContentType(contentType: string | null): FakeBlob {
    this.contentType = contentType;
    return this;
  }

  getName(): string | null {
    return this.name;
  }

  setName(name: string): FakeBlob {
    this.name = name;
    return this;
  }

  setBytes(data: number[]): FakeBlob {
    this.bytes = Uint8Array.from(data, (b) => b & 0xff);
    return this;
  }

  setDataFromString(text: string): FakeBlob {
    this.bytes = new Uint8Array(Buffer.from(text, 'utf8'));
    return this;
  }

  copyBlob(): FakeBlob {
    return new FakeBlob(this.realm, this.bytes.slice(), this.contentType, this.name);
  }

  getBlob(): FakeBlob {
    return this;
  }

  isGoogleType(): boolean {
    return false;
  }

  toString(): string {
    return 'Blob';
  }
}
