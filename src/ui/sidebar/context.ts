/**
 * What the panels share: the last state from the server, the models of the last connection test, the
 * translator, the alert area and the in-page confirm dialog.
 */
import type { ConnectionReport, SidebarState } from '../../features/sidebar/rpc-types';
import { type Language, type MessageKey, t } from '../../i18n';
import { messageOf, ServerCallError } from './bridge';
import { byId, el } from './dom';

export type ModelInfo = ConnectionReport['models'][number];
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface Context {
  readonly language: Language;
  state: SidebarState;
  /** From the last connection test; empty until one succeeded in listing models. */
  models: ModelInfo[];
  tr: Translate;
  alerts: Alerts;
  /** Asks in the page; `detail` is extra text from the server, shown under the question. */
  confirm(message: string, confirmLabel: string, detail?: string): Promise<boolean>;
}

/** The visible alert area: every failed call ends up here, never only in the console. */
export class Alerts {
  constructor(
    private readonly root: HTMLElement,
    private readonly tr: Translate,
  ) {}

  show(what: MessageKey, error: unknown): void {
    const detail =
      error instanceof ServerCallError && error.unavailable
        ? this.tr('sidebar.alert.noServer')
        : messageOf(error);
    const dismiss = el('button', { type: 'button', class: 'link' }, [this.tr('sidebar.alert.dismiss')]);
    const alert = el('div', { class: 'alert' }, [
      el('p', {}, [el('strong', {}, [this.tr(what)]), ' ', detail]),
      dismiss,
    ]);
    dismiss.addEventListener('click', () => alert.remove());
    this.root.prepend(alert);
    // Keep the area short at 300 px: the newest three say enough.
    while (this.root.children.length > 3) this.root.lastElementChild?.remove();
  }

  clear(): void {
    this.root.replaceChildren();
  }
}

/** A modal confirm inside the page (window.confirm is blocked in the Apps Script iframe, and unstyled). */
export function confirmInPage(
  tr: Translate,
  message: string,
  confirmLabel: string,
  detail = '',
): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm-dialog');
  byId('confirm-message').textContent = message;
  const detailNode = byId('confirm-detail');
  detailNode.textContent = detail;
  detailNode.hidden = detail === '';
  byId('confirm-ok').textContent = confirmLabel;
  byId('confirm-cancel').textContent = tr('sidebar.confirm.cancel');
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    byId('confirm-cancel').focus();
  });
}

export function createContext(state: SidebarState, alertsRoot: HTMLElement): Context {
  const language = state.language;
  const tr: Translate = (key, params) => t(language, key, params);
  return {
    language,
    state,
    models: [],
    tr,
    alerts: new Alerts(alertsRoot, tr),
    confirm: (message, confirmLabel, detail) => confirmInPage(tr, message, confirmLabel, detail),
  };
}
