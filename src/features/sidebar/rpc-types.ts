/**
 * The sidebar <-> server contract: the types of every function the sidebar calls through
 * google.script.run. Shared by src/index.ts (server side) and src/ui/sidebar (browser side), so a
 * change on one side that the other does not follow fails the type check.
 */

import type { SettingScope } from '../../core/settings';
import type { Language } from '../../i18n';

export type { SettingScope };

export interface SettingView {
  key: string;
  /** Current effective value as text; never the secret (see secretSet). */
  value: string;
  defaultValue: string;
  /** Where the value comes from. */
  source: 'script' | 'document' | 'default';
  /** False when SHEETBRIDGE_LOCK_SETTINGS makes it read-only, or for document scope keys it cannot hold. */
  editable: boolean;
}

export interface SidebarState {
  language: Language;
  settings: SettingView[];
  secretSet: boolean;
  locked: boolean;
  selection: { sheetName: string; a1: string; rows: number; columns: number } | null;
  job: JobStatus | null;
}

export interface SaveSettingsRequest {
  scope: SettingScope;
  /** Keys to change; an empty string removes the key (back to the default). The secret: see `secret`. */
  values: Record<string, string>;
  /** A new secret, write-only; undefined leaves it as it is, '' removes it. */
  secret?: string;
}

export type SaveSettingsResult =
  | { ok: true; state: SidebarState }
  | { ok: false; errors: Record<string, string> };

export interface ConnectionReport {
  ok: boolean;
  latencyMs: number | null;
  modelVersion: string | null;
  /** verified: answers carry a valid signature; unsigned: no secret set; failed: a signature was wrong. */
  signature: 'verified' | 'unsigned' | 'failed';
  models: Array<{ name: string; version: string | null; outputs: string[] }>;
  message: string;
}

export interface StartJobRequest {
  hasHeader: boolean;
  model?: string;
  /** Column letter where results start; default: the first column right of the selection. */
  targetColumn?: string;
  /** The user agreed to overwrite non-empty target cells. */
  overwrite?: boolean;
  /** Only rows whose earlier output is an error cell. */
  rerunFailed?: boolean;
  /** Column letter of a column whose values identify rows; results are matched to rows by it. */
  idColumn?: string;
}

export type JobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface JobStatus {
  id: string;
  state: JobState;
  sheetName: string;
  inputA1: string;
  outputA1: string;
  rowsTotal: number;
  rowsDone: number;
  rowsFailed: number;
  /** Rows predicted again because they changed while the run went on. */
  rowsRedone: number;
  slices: number;
  elapsedMs: number;
  /** Estimated time left; null until a slice has finished. */
  etaMs: number | null;
  message: string | null;
}

export type StartJobResult =
  | { kind: 'started'; job: JobStatus }
  | { kind: 'confirm-overwrite'; cells: number; outputA1: string; message: string }
  | { kind: 'error'; message: string };

/**
 * The panel the sidebar opens on: the run panel, the run panel with "Rerun failed rows" as its main
 * action, or the settings.
 */
export type SidebarPanel = 'run' | 'rerun' | 'settings';

/** Every server function the sidebar may call, with its argument and result types. */
export interface SidebarApi {
  sidebarGetState(): SidebarState;
  sidebarSaveSettings(request: SaveSettingsRequest): SaveSettingsResult;
  sidebarTestConnection(): ConnectionReport;
  sidebarStartJob(request: StartJobRequest): StartJobResult;
  sidebarRunSlice(jobId: string): JobStatus;
  sidebarCancelJob(jobId: string): JobStatus;
}
