import { createHash, createHmac, randomUUID } from 'node:crypto';
import { formatPattern } from '../../gas-sandbox/time-zone';
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
  documentCache: MemoryCache;
  locale: { value: string };
  timeZone: { value: string };
  /** Calls that read a property store (getProperty or getProperties), per execution of the test. */
  propertyReads: { count: number };
}

function propertiesOf(map: Map<string, string>, reads: { count: number }) {
  return {
    getProperty: (key: string) => {
      reads.count += 1;
      return map.get(key) ?? null;
    },
    getProperties: () => {
      reads.count += 1;
      return Object.fromEntries(map);
    },
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
    documentCache: new MemoryCache(),
    locale: { value: 'en_US' },
    timeZone: { value: 'Etc/UTC' },
    propertyReads: { count: 0 },
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
    formatDate: (date: Date, zone: string, pattern: string) => formatPattern(date.getTime(), zone, pattern),
  };
  g.Session = { getScriptTimeZone: () => 'Etc/UTC' };
  g.LockService = { getDocumentLock: () => ({ tryLock: () => true, releaseLock: () => undefined }) };
  g.CacheService = { getScriptCache: () => mocks.cache, getDocumentCache: () => mocks.documentCache };
  g.PropertiesService = {
    getScriptProperties: () => propertiesOf(mocks.scriptProperties, mocks.propertyReads),
    getDocumentProperties: () => propertiesOf(mocks.documentProperties, mocks.propertyReads),
  };
  g.SpreadsheetApp = {
    getActiveSpreadsheet: () => ({
      getSpreadsheetLocale: () => mocks.locale.value,
      getSpreadsheetTimeZone: () => mocks.timeZone.value,
    }),
  };
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
