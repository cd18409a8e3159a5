import type { Http, HttpOutcome, HttpRequest } from '../core/ports';

/**
 * UrlFetchApp as the core's Http port. muteHttpExceptions is always on: otherwise a non-2xx answer
 * throws, and inside fetchAll one failure throws away every other answer (PLATFORM.md).
 */
export class UrlFetchHttp implements Http {
  fetchAll(requests: HttpRequest[]): HttpOutcome[] {
    if (requests.length === 0) return [];
    const params = requests.map(toFetchParams);
    let responses: GoogleAppsScript.URL_Fetch.HTTPResponse[];
    try {
      responses = UrlFetchApp.fetchAll(params);
    } catch (error) {
      // A network failure (DNS, refused connection, timeout) of any one request throws for the whole
      // fetchAll: every request of the round is reported as a retryable network error.
      const message = error instanceof Error ? error.message : String(error);
      return requests.map(() => ({ kind: 'network-error', message: message.slice(0, 200) }));
    }
    return responses.map((response) => ({
      kind: 'response',
      status: response.getResponseCode(),
      headers: lowerCaseHeaders(response.getAllHeaders() as Record<string, unknown>),
      body: response.getContentText('UTF-8'),
    }));
  }
}

function toFetchParams(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  const params: GoogleAppsScript.URL_Fetch.URLFetchRequest = {
    url: request.url,
    method: request.method,
    headers: request.headers,
    muteHttpExceptions: true,
    followRedirects: false,
  };
  if (request.body !== undefined) {
    params.contentType = 'application/json; charset=utf-8';
    params.payload = request.body;
  }
  return params;
}

/** Apps Script keeps the server's header case and gives repeated headers as arrays. */
function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    result[name.toLowerCase()] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return result;
}
