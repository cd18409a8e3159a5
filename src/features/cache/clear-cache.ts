import { bumpCacheGeneration } from '../../gas/properties';

/**
 * Apps Script's cache cannot list or delete keys it does not know, so "clear" moves every reader to a new
 * generation: old entries are never read again and expire on their own within 6 h.
 */
export function clearCache(): string {
  return bumpCacheGeneration();
}
