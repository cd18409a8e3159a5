/**
 * An in-memory stand-in for the server functions of rpc-types.ts: a settings store, jobs that advance
 * a fixed number of rows per slice, errors on demand, and a record of every call. Typed by SidebarApi
 * so it drifts with the contract, not away from it.
 */
import { isDocumentOverridable, SETTING_KEYS } from '../../../src/core/settings';
import { DEFAULTS } from '../../../src/features/settings/settings-panel';
import type {
  ConnectionReport,
  JobStatus,
  SaveSettingsRequest,
  SaveSettingsResult,
  SidebarApi,
  SidebarState,
  StartJobRequest,
  StartJobResult,
} from '../../../src/features/sidebar/rpc-types';
import { type Language, t } from '../../../src/i18n';

type Api = {
  [K in keyof SidebarApi]: (...args: Parameters<SidebarApi[K]>) => Promise<ReturnType<SidebarApi[K]>>;
};

export interface Call {
  name: keyof SidebarApi;
  args: unknown[];
}

export type Reply = { ok: true; value: unknown } | { ok: false; message: string };

export class FakeServer implements Api {
  language: Language = 'en';
  script = new Map<string, string>();
  document = new Map<string, string>();
  secret: string | null = null;
  selection: SidebarState['selection'] = { sheetName: 'Data', a1: 'A1:D41', rows: 41, columns: 4 };
  job: JobStatus | null = null;
  readonly calls: Call[] = [];
  /** The next call of this function fails with this message (as a thrown server error would). */
  failNext: Partial<Record<keyof SidebarApi, string>> = {};
  /** The next save answers with these per-field errors. */
  saveErrors: Record<string, string> | null = null;
  /** Non-empty target cells: start asks to confirm until called with overwrite. */
  occupiedCells = 0;
  rowsTotal = 40;
  rowsPerSlice = 10;
  failedPerSlice = 1;
  /** Rows each slice reports as changed during the run and predicted again. */
  redonePerSlice = 0;
  connection: ConnectionReport = {
    ok: true,
    latencyMs: 123,
    modelVersion: '1.4.2',
    signature: 'verified',
    models: [
      { name: 'default', version: '1.4.2', outputs: ['score'] },
      { name: 'churn', version: '2.0.0', outputs: ['p'] },
    ],
    message: '',
  };
  private holding = false;
  private readonly waiting: Array<() => void> = [];

  /** The entry point the page's google.script.run stub reaches through page.exposeFunction. */
  async handle(name: keyof SidebarApi, args: unknown[]): Promise<Reply> {
    this.calls.push({ name, args });
    const failure = this.failNext[name];
    if (failure !== undefined) {
      delete this.failNext[name];
      return { ok: false, message: failure };
    }
    const fn = this[name] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, value: await fn.apply(this, args) };
  }

  callsOf(name: keyof SidebarApi): unknown[][] {
    return this.calls.filter((call) => call.name === name).map((call) => call.args);
  }

  /** From now on each slice waits for release(): the test sees every intermediate state. */
  holdSlices(): void {
    this.holding = true;
  }

  get slicesWaiting(): number {
    return this.waiting.length;
  }

  release(): void {
    this.waiting.shift()?.();
  }

  stopHolding(): void {
    this.holding = false;
    while (this.waiting.length > 0) this.release();
  }

  async sidebarGetState(): Promise<SidebarState> {
    const locked = (this.script.get(SETTING_KEYS.lockSettings) ?? 'false') === 'true';
    const settings = Object.entries(DEFAULTS).map(([key, defaultValue]) => {
      const own = isDocumentOverridable(key) ? this.document.get(key) : undefined;
      const script = this.script.get(key);
      const source = own !== undefined ? 'document' : script !== undefined ? 'script' : 'default';
      return { key, value: own ?? script ?? defaultValue, defaultValue, source, editable: !locked } as const;
    });
    return {
      language: this.language,
      settings,
      secretSet: this.secret !== null,
      locked,
      selection: this.selection,
      job: this.job,
    };
  }

  async sidebarSaveSettings(request: SaveSettingsRequest): Promise<SaveSettingsResult> {
    if (this.saveErrors) {
      const errors = this.saveErrors;
      this.saveErrors = null;
      return { ok: false, errors };
    }
    const store = request.scope === 'document' ? this.document : this.script;
    for (const [key, value] of Object.entries(request.values)) {
      if (value === '') store.delete(key);
      else store.set(key, value);
    }
    if (request.secret !== undefined) this.secret = request.secret === '' ? null : request.secret;
    return { ok: true, state: await this.sidebarGetState() };
  }

  /** Like the real server's: the message is in the user's language unless a test set its own. */
  async sidebarTestConnection(): Promise<ConnectionReport> {
    return {
      ...this.connection,
      message:
        this.connection.message ||
        t(this.language, this.connection.ok ? 'connection.verified' : 'connection.failed'),
    };
  }

  async sidebarStartJob(request: StartJobRequest): Promise<StartJobResult> {
    if (this.occupiedCells > 0 && !request.overwrite) {
      return {
        kind: 'confirm-overwrite',
        cells: this.occupiedCells,
        outputA1: 'E1:E41',
        message: `${this.occupiedCells} cells in E1:E41 already hold values.`,
      };
    }
    this.job = {
      id: `job-${this.calls.length}`,
      state: 'running',
      sheetName: 'Data',
      inputA1: 'A1:D41',
      outputA1: 'E1:E41',
      rowsTotal: this.rowsTotal,
      rowsDone: 0,
      rowsFailed: 0,
      rowsRedone: 0,
      slices: 0,
      elapsedMs: 0,
      etaMs: null,
      message: null,
    };
    return { kind: 'started', job: this.job };
  }

  async sidebarRunSlice(jobId: string): Promise<JobStatus> {
    if (this.holding) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const job = this.requireJob(jobId);
    if (job.state !== 'running') return job;
    const rowsDone = Math.min(job.rowsTotal, job.rowsDone + this.rowsPerSlice);
    const elapsedMs = job.elapsedMs + 65_000;
    const perRow = elapsedMs / rowsDone;
    this.job = {
      ...job,
      rowsDone,
      rowsFailed: job.rowsFailed + this.failedPerSlice,
      rowsRedone: job.rowsRedone + this.redonePerSlice,
      slices: job.slices + 1,
      elapsedMs,
      etaMs: Math.round(perRow * (job.rowsTotal - rowsDone)),
      state: rowsDone >= job.rowsTotal ? 'done' : 'running',
    };
    return this.job;
  }

  async sidebarCancelJob(jobId: string): Promise<JobStatus> {
    this.job = {
      ...this.requireJob(jobId),
      state: 'cancelled',
      etaMs: null,
      message: 'Cancelled by the user.',
    };
    return this.job;
  }

  private requireJob(jobId: string): JobStatus {
    if (!this.job || this.job.id !== jobId) throw new Error(`no job ${jobId}`);
    return this.job;
  }
}
