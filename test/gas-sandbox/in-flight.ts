// People keep editing while a script waits for UrlFetchApp: the document lock does not stop them
// (LockService guards scripts from scripts). A test queues an edit with `duringFetch`; it runs on the
// host while the script is blocked in the fetch whose URL matches, after the requests went out with
// the sheet as it was and before the script sees the answers: exactly the window in which a person's
// sort, insert or typing makes the answers in flight stale.
import type { FakeHttpResponse } from './http-response';
import { FakeUrlFetchApp } from './url-fetch';

interface PendingEdit {
  urlIncludes: string;
  edit: () => void;
}

export class EditsInFlight {
  private readonly pending: PendingEdit[] = [];

  /** Runs `edit` once, during the next fetch or fetchAll that sends a request to a URL containing `urlIncludes`. */
  duringFetch(urlIncludes: string, edit: () => void): void {
    this.pending.push({ urlIncludes, edit });
  }

  /** The edits still waiting for their fetch. */
  get waiting(): number {
    return this.pending.length;
  }

  runFor(urls: readonly string[]): void {
    const index = this.pending.findIndex((p) => urls.some((url) => url.includes(p.urlIncludes)));
    if (index < 0) return;
    const [next] = this.pending.splice(index, 1);
    next?.edit();
  }
}

function urlsOf(requests: unknown): string[] {
  if (!Array.isArray(requests)) return [];
  return requests.map((r) => (typeof r === 'string' ? r : String((r as { url?: unknown }).url)));
}

export class EditableUrlFetchApp extends FakeUrlFetchApp {
  edits = new EditsInFlight();

  override fetch(url: unknown, params?: Record<string, unknown>): FakeHttpResponse {
    const response = super.fetch(url, params);
    this.edits.runFor([String(url)]);
    return response;
  }

  override fetchAll(requests: unknown): FakeHttpResponse[] {
    const responses = super.fetchAll(requests);
    this.edits.runFor(urlsOf(requests));
    return responses;
  }
}
