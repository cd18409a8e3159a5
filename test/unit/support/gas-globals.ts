import { createHash, createHmac, randomUUID } from 'node:crypto';
import { MemoryCache } from './fakes';

/**
 * Jest mocks of the Apps Script globals the adapters use, for unit tests of src/gas and the features.
 * (The faithful fakes, over real HTTP, are in test/gas-sandbox; here UrlFetchApp is a jest.fn.)
 */

const toSigned = (buffer: Buffer): number[] => Array.from(buffer, (b) => (b > 127 ? b - 256 : b));

export interface MockResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body: string;
}

export interface GasMocks {
  fetchAll: jest.Mock;
  scriptProperties: Map<string, string>;
  documentProperties: Map<string, string>;
  cache: MemoryCache;
  locale: { value: string };
}

function propertiesOf(map: Map<string, string>) {
  return {
    getProperty: (key: string) => map.get(key) ?? null,
    setProperty: (key: string, value: string) => {
      map.set(key, String(value));
    },
  };
}

export function installGasMocks(): GasMocks {
  const mocks: GasMocks = {
    fetchAll: jest.fn(),
    scriptProperties: new Map(),
    documentProperties: new Map(),
    cache: new MemoryCache(),
    locale: { value: 'en_US' },
  };
  const g = globalThis as Record<string, unknown>;
  g.UrlFetchApp = { fetchAll: mocks.fetchAll };
  g.Utilities = {
    DigestAlgorithm: { SHA_256: 'SHA_256' },
    Charset: { UTF_8: 'UTF_8' },
    computeDigest: (_alg: string, value: string) =>
      toSigned(createHash('sha256').update(value, 'utf8').digest()),
    computeHmacSha256Signature: (value: string, key: string) =>
      toSigned(createHmac('sha256', key).update(value, 'utf8').digest()),
    base64Encode: (bytes: number[]) => Buffer.from(bytes.map((b) => b & 0xff)).toString('base64'),
    getUuid: () => randomUUID(),
    sleep: jest.fn(),
  };
  g.CacheService = { getScriptCache: () => mocks.cache };
  g.PropertiesService = {
    getScriptProperties: () => propertiesOf(mocks.scriptProperties),
    getDocumentProperties: () => propertiesOf(mocks.documentProperties),
  };
  g.SpreadsheetApp = { getActiveSpreadsheet: () => ({ getSpreadsheetLocale: () => mocks.locale.value }) };
  return mocks;
}

/** An HTTPResponse as UrlFetchApp returns it. */
export function httpResponse({ status, headers = {}, body }: MockResponse) {
  return {
    getResponseCode: () => status,
    getAllHeaders: () => headers,
    getHeaders: () => headers,
    getContentText: () => body,
  };
}
