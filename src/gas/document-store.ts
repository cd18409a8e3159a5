/**
 * JSON records in Document Properties: the job of the sidebar survives a closed sidebar or a reloaded
 * browser because it lives with the spreadsheet. Each value must stay under 9 KB.
 */
export function readRecord<T>(key: string): T | null {
  const raw = PropertiesService.getDocumentProperties().getProperty(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function writeRecord(key: string, value: unknown): void {
  PropertiesService.getDocumentProperties().setProperty(key, JSON.stringify(value));
}

export function deleteRecord(key: string): void {
  PropertiesService.getDocumentProperties().deleteProperty(key);
}
