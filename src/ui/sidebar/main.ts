/**
 * The sidebar page's entry point: loads the state from the server, then shows the run, connection and
 * settings panels in the user's language (SidebarState.language).
 */
import { type Language, languageOf, type MessageKey, t } from '../../i18n';
import { call } from './bridge';
import { ConnectionPanel } from './connection-panel';
import { Alerts, createContext } from './context';
import { byId, el } from './dom';
import { RunPanel } from './run-panel';
import { SettingsPanel } from './settings-panel';

/** Texts in sidebar.html itself carry data-i18n="key". */
function translateStatic(language: Language): void {
  document.documentElement.lang = language;
  for (const node of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    node.textContent = t(language, node.dataset.i18n as MessageKey);
  }
}

/**
 * The panel the menu item asked for (data-panel, set by the server's openSidebar): "Settings..." puts
 * the settings first, "Rerun failed rows" makes rerunning the run panel's main action.
 */
function openOn(panel: string | undefined, run: RunPanel): void {
  if (panel === 'settings') {
    const settings = byId('settings-panel');
    byId('app').insertBefore(settings, byId('run-panel'));
    settings.querySelector<HTMLElement>('input, select, button')?.focus();
  } else if (panel === 'rerun') {
    run.preferRerun();
  }
}

async function boot(): Promise<void> {
  // Before the state arrives the browser's language is the best guess for "Loading" and load errors.
  const guess = languageOf(navigator.language);
  translateStatic(guess);
  const app = byId('app');
  const loading = byId('loading');
  loading.hidden = false;
  let state: Awaited<ReturnType<typeof call<'sidebarGetState'>>>;
  try {
    state = await call('sidebarGetState');
  } catch (error) {
    loading.hidden = true;
    const alertsRoot = byId('alerts');
    new Alerts(alertsRoot, (key, params) => t(guess, key, params)).show('sidebar.alert.load', error);
    const retry = el('button', { type: 'button', id: 'retry' }, [t(guess, 'sidebar.retry')]);
    retry.addEventListener('click', () => {
      retry.remove();
      void boot();
    });
    alertsRoot.append(retry);
    return;
  }
  // A failed earlier attempt left its alert and Retry button: this attempt worked.
  byId('alerts').replaceChildren();
  const ctx = createContext(state, byId('alerts'));
  translateStatic(ctx.language);
  const run = new RunPanel(byId('run-panel'), ctx);
  const settings = new SettingsPanel(byId('settings-panel'), ctx, () => run.settingsSaved());
  const connection = new ConnectionPanel(byId('connection-panel'), ctx, () => {
    settings.setModels(ctx.models);
    run.setModels(ctx.models);
  });
  run.render();
  connection.render();
  settings.render();
  loading.hidden = true;
  for (const id of ['run-panel', 'connection-panel', 'settings-panel']) byId(id).hidden = false;
  openOn(app.dataset.panel, run);
  app.setAttribute('aria-busy', 'false');
}

void boot();
