// The network side of the fake UrlFetchApp. It runs in a worker thread so that the main thread can
// block (Atomics.wait) while real HTTP happens here: UrlFetchApp is synchronous in Apps Script.
// Plain JavaScript so that the worker needs no TypeScript loader under jest, tsx or plain node.
//
// Protocol: the host posts { id, requests, timeoutMs } on the port; this worker answers
// { id, results } on the same port, then increments the shared counter and notifies it. All the
// requests of one message run at once (Promise.all): that is what makes fetchAll parallel.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { workerData } from 'node:worker_threads';

const { port, counter: counterBuffer } = workerData;
const counter = new Int32Array(counterBuffer);
const MAX_REDIRECTS = 10;

// UrlFetchApp refuses private ranges (PLATFORM.md, UrlFetchApp reference). Loopback stays allowed
// ON PURPOSE: the reference server and the nginx standing in for the load balancer listen on
// 127.0.0.1 in tests and CI, and nothing else is reachable from these machines.
function isPrivateAddress(address) {
  if (net.isIPv4(address)) {
    const [a, b] = address.split('.').map(Number);
    return (
      a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
    );
  }
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) return isPrivateAddress(lower.slice(7));
  return /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}

function privateError() {
  return Object.assign(new Error('private address'), { code: 'EPRIVATE' });
}

// Checks every address a host name resolves to, so that a DNS name pointing into 10/8 is refused too.
function guardedLookup(hostname, options, callback) {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error);
    if (addresses.some((entry) => isPrivateAddress(entry.address))) return callback(privateError());
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    return callback(null, first.address, first.family);
  });
}

function classify(error) {
  const code = error?.code;
  if (code === 'ETIMEOUT_SANDBOX') return 'timeout';
  if (code === 'EPRIVATE' || code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return 'unavailable';
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNABORTED' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE'
  ) {
    return 'dropped';
  }
  if (
    typeof code === 'string' &&
    (code.includes('CERT') || code.startsWith('ERR_SSL') || code.includes('SELF_SIGNED'))
  ) {
    return 'ssl';
  }
  return 'other';
}

function once(request, url, deadline) {
  return new Promise((resolve, reject) => {
    const remaining = deadline - performance.now();
    if (remaining <= 0) return reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT_SANDBOX' }));
    if (
      net.isIP(url.hostname.replace(/^\[|\]$/g, '')) &&
      isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))
    ) {
      return reject(privateError());
    }
    const client = url.protocol === 'https:' ? https : http;
    const hasBody = request.body !== null && request.method !== 'GET' && request.method !== 'HEAD';
    const headers = { ...request.headers };
    if (hasBody) headers['Content-Length'] = String(request.body.byteLength);
    const req = client.request(url, {
      method: request.method,
      headers,
      lookup: guardedLookup,
      rejectUnauthorized: request.validateHttpsCertificates !== false,
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEOUT_SANDBOX' }));
    }, remaining);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      res.on('aborted', () => {
        clearTimeout(timer);
        reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      });
      res.on('end', () => {
        clearTimeout(timer);
        if (!res.complete) return reject(Object.assign(new Error('incomplete'), { code: 'ECONNRESET' }));
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode, rawHeaders: res.rawHeaders, body: new Uint8Array(body) });
      });
    });
    if (hasBody) req.end(Buffer.from(request.body));
    else req.end();
  });
}

// Follows redirects as UrlFetchApp does by default (followRedirects: true); 303 turns into a GET.
async function perform(request, timeoutMs) {
  const startedAt = Date.now();
  const started = performance.now();
  const deadline = started + timeoutMs;
  let current = { ...request };
  let url = new URL(request.url);
  try {
    for (let hop = 0; ; hop++) {
      const response = await once(current, url, deadline);
      const location = headerValue(response.rawHeaders, 'location');
      const redirect = [301, 302, 303, 307, 308].includes(response.status) && location;
      if (!redirect || request.followRedirects === false || hop >= MAX_REDIRECTS) {
        return { ok: true, ...response, startedAt, durationMs: performance.now() - started };
      }
      url = new URL(location, url);
      if (response.status === 303) current = { ...current, method: 'GET', body: null };
    }
  } catch (error) {
    return {
      ok: false,
      kind: classify(error),
      detail: String(error?.message),
      startedAt,
      durationMs: performance.now() - started,
    };
  }
}

function headerValue(rawHeaders, name) {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) return rawHeaders[i + 1];
  }
  return undefined;
}

port.on('message', async ({ id, requests, timeoutMs }) => {
  const results = await Promise.all(requests.map((request) => perform(request, timeoutMs)));
  port.postMessage({ id, results });
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});
