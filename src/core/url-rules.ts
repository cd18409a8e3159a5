/** http(s)://host[:port][/path]; the host is a name, an IPv4 address or a bracketed IPv6 address. */
const BASE_URL_PATTERN = /^(https?):\/\/([^/?#\s:@[\]]+|\[[0-9a-f:.]+\])(:\d{1,5})?(\/[^?#\s]*)?$/i;

/**
 * Whether a host is a literal private address: 10/8, 172.16/12, 192.168/16, 169.254/16 or fc00::/7.
 * UrlFetch runs on Google's servers, which cannot reach them, so such a URL can only fail (after every
 * retry, as UNAVAILABLE cells). Loopback stays allowed: local runs and the tests use it. Host names are
 * not resolved: a name that points at a private address is the deployment's to fix.
 */
function isPrivateHost(host: string): boolean {
  // fc00::/7: the first group of the bracketed address is fcXX or fdXX.
  if (host.startsWith('[')) return /^f[cd][0-9a-f]{2}:/i.test(host.slice(1));
  const octets = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (!octets) return false;
  const first = Number(octets[1]);
  const second = Number(octets[2]);
  return (
    first === 10 ||
    (first === 172 && second >= 16 && second <= 31) ||
    (first === 192 && second === 168) ||
    (first === 169 && second === 254)
  );
}

/**
 * What is wrong with a trimmed base URL, or null: 'form' (not http(s)://host[:port][/path], or a port
 * outside 1-65535), 'trailing-slash' (paths are appended to it), 'private' (Google cannot reach it).
 */
export function urlProblem(value: string): 'form' | 'trailing-slash' | 'private' | null {
  const match = BASE_URL_PATTERN.exec(value);
  if (!match) return 'form';
  if (value.endsWith('/')) return 'trailing-slash';
  const port = match[3] ? Number(match[3].slice(1)) : null;
  if (port !== null && (port < 1 || port > 65_535)) return 'form';
  // Group 2, the host, takes part in every match.
  return isPrivateHost(match[2] as string) ? 'private' : null;
}
