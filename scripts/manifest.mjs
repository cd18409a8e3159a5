// Build-time manifest tweak: when the API is reached over https through a DNS name, the pushed
// appsscript.json gets a matching `urlFetchWhitelist` entry, so that the script can fetch nothing else
// (defence in depth if the base URL Script Property is ever pointed somewhere else). Google's rules
// for a prefix: https only, a full domain (no bare IP), a non-empty path ending in "/"
// (developers.google.com/apps-script/manifest/allowlist-url). Plain http to the NLB's fixed IP is how
// the API is reached today and cannot be allowlisted: then nothing is added and `notes` says why.
// Pure (no fs, no env) so that it is unit-tested; esbuild.config.mjs does the I/O.

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * @param {Record<string, unknown>} manifest the parsed appsscript.json (left untouched)
 * @param {string | undefined} baseUrl SHEETBRIDGE_BASE_URL given at build time, if any
 * @returns {{ manifest: Record<string, unknown>, notes: string[] }} a new manifest and what was done
 */
export function buildManifest(manifest, baseUrl) {
  const result = structuredClone(manifest);
  const notes = [];
  const raw = (baseUrl ?? '').trim();
  if (raw === '') {
    notes.push('SHEETBRIDGE_BASE_URL not set at build time: no urlFetchWhitelist added.');
    return { manifest: result, notes };
  }

  let url;
  try {
    url = new URL(raw);
  } catch {
    // A typo here would otherwise ship silently without the allowlist: refuse, naming the key.
    throw new Error(`SHEETBRIDGE_BASE_URL is not a URL: "${raw}"`);
  }
  if (url.protocol === 'http:') {
    notes.push(`${raw} uses http: urlFetchWhitelist accepts https prefixes only, so none was added.`);
    return { manifest: result, notes };
  }
  if (url.protocol !== 'https:') {
    throw new Error(`SHEETBRIDGE_BASE_URL must be http:// or https://, got "${url.protocol}"`);
  }
  // URL keeps IPv6 hosts in brackets and normalises IPv4 forms (e.g. 0x7f.1 -> 127.0.0.1).
  if (url.hostname.startsWith('[') || IPV4.test(url.hostname)) {
    notes.push(`${raw} names an IP address: urlFetchWhitelist needs a domain name, so none was added.`);
    return { manifest: result, notes };
  }
  if (!url.hostname.includes('.')) {
    notes.push(`${raw} has no full domain name: urlFetchWhitelist needs one, so none was added.`);
    return { manifest: result, notes };
  }

  // Prefix match is on the path, so "https://host/ml/" allows "/ml/v1/predict" and not "/mlx".
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  const prefix = `https://${url.host}${path}`;
  const existing = Array.isArray(result.urlFetchWhitelist) ? result.urlFetchWhitelist : [];
  if (existing.includes(prefix)) {
    notes.push(`urlFetchWhitelist already holds ${prefix}.`);
  } else {
    result.urlFetchWhitelist = [...existing, prefix];
    notes.push(`urlFetchWhitelist: added ${prefix} (the script may fetch only URLs under it).`);
  }
  return { manifest: result, notes };
}
