import { isSheetBridgeError } from '../../core/errors';
import {
  documentSettings,
  scriptSettings,
  writeDocumentSettings,
  writeScriptSettings,
} from '../../gas/properties';
import { a1Of, activeSelection } from '../../gas/spreadsheet';
import { showSidebar, userLocale } from '../../gas/ui';
import { languageOf, t } from '../../i18n';
import { clearCache } from '../cache/clear-cache';
import { testConnection } from '../connection/test-connection';
import { cancelJob, currentJob, runSlice } from '../job/run-slice';
import { startJob } from '../job/start-job';
import { appsScriptEnvironment } from '../predict/environment';
import { toUserError } from '../predict/predict-function';
import { baseState, type SettingsStores, saveSettings } from '../settings/settings-panel';
import { withPanel } from './panel';
import type { SidebarApi, SidebarPanel } from './rpc-types';

/** The server side of every sidebar call; src/index.ts exposes each as a global function. */

function stores(): SettingsStores {
  return {
    script: scriptSettings(),
    document: documentSettings(),
    writeScript: writeScriptSettings,
    writeDocument: writeDocumentSettings,
    invalidateCache: clearCache,
  };
}

/** Errors cross google.script.run as their message: make it the user's language and actionable. */
function userFacing<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toUserError(error, userLocale());
  }
}

export const sidebarServer: SidebarApi = {
  sidebarGetState() {
    return userFacing(() => {
      const selection = activeSelection();
      return {
        ...baseState(stores(), userLocale()),
        selection: selection && {
          sheetName: selection.sheetName,
          a1: a1Of(selection),
          rows: selection.rows,
          columns: selection.columns,
        },
        job: currentJob(),
      };
    });
  },
  sidebarSaveSettings(request) {
    return userFacing(
      () => saveSettings(request, stores()) ?? { ok: true, state: sidebarServer.sidebarGetState() },
    );
  },
  sidebarTestConnection() {
    return userFacing(() => testConnection(appsScriptEnvironment(), languageOf(userLocale())));
  },
  sidebarStartJob(request) {
    try {
      return startJob(request, appsScriptEnvironment());
    } catch (error) {
      if (!isSheetBridgeError(error)) throw error;
      return { kind: 'error', message: toUserError(error, userLocale()).message };
    }
  },
  sidebarRunSlice(jobId) {
    return userFacing(() => runSlice(jobId, appsScriptEnvironment()));
  },
  sidebarCancelJob(jobId) {
    return userFacing(() => cancelJob(jobId, appsScriptEnvironment()));
  },
};

export function openSidebar(panel: SidebarPanel): void {
  showSidebar('Sidebar', t(languageOf(userLocale()), 'sidebar.title'), (html) => withPanel(html, panel));
}
