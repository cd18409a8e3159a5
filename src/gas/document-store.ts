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

/** Texts stored under `prefix` + 0, 1, 2...: one getProperties call, in order. */
export function readChunks(prefix: string): string[] {
  const all = PropertiesService.getDocumentProperties().getProperties();
  const chunks: string[] = [];
  for (let i = 0; all[`${prefix}${i}`] !== undefined; i++) chunks.push(all[`${prefix}${i}`] as string);
  return chunks;
}

/** Writes the chunks in one setProperties call and removes those of an earlier, longer write. */
export function writeChunks(prefix: string, chunks: readonly string[], previousCount: number): void {
  const store = PropertiesService.getDocumentProperties();
  const values: Record<string, string> = {};
  chunks.forEach((chunk, i) => {
    values[`${prefix}${i}`] = chunk;
  });
  if (chunks.length > 0) store.setProperties(values);
  for (let i = chunks.length; i < previousCount; i++) store.deleteProperty(`${prefix}${i}`);
}
