/** "Test connection": latency, model version, signature status and the server's message. */
import type { ConnectionReport } from '../../features/sidebar/rpc-types';
import type { MessageKey } from '../../i18n';
import { call } from './bridge';
import type { Context } from './context';
import { el } from './dom';
import { formatCount } from './format';

const SIGNATURE_TEXT: Record<ConnectionReport['signature'], MessageKey> = {
  verified: 'sidebar.connection.signature.verified',
  unsigned: 'sidebar.connection.signature.unsigned',
  failed: 'sidebar.connection.signature.failed',
};

export class ConnectionPanel {
  private readonly result = el('div', { id: 'connection-result', role: 'status' });
  private readonly button: HTMLButtonElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly ctx: Context,
    /** Called with the models the API listed, to fill the model selects. */
    private readonly onModels: () => void,
  ) {
    this.button = el('button', { type: 'button', id: 'connection-test' }, [
      ctx.tr('sidebar.connection.test'),
    ]);
    this.button.addEventListener('click', () => void this.test());
  }

  render(): void {
    const { tr } = this.ctx;
    this.root.replaceChildren(
      el('h2', {}, [tr('sidebar.connection.heading')]),
      el('p', { class: 'help' }, [tr('sidebar.connection.help')]),
      el('div', { class: 'buttons' }, [this.button]),
      this.result,
    );
  }

  private async test(): Promise<void> {
    const { tr } = this.ctx;
    this.button.disabled = true;
    this.result.replaceChildren(el('p', { class: 'help' }, [tr('sidebar.connection.testing')]));
    try {
      const report = await call('sidebarTestConnection');
      this.show(report);
      if (report.models.length > 0) {
        this.ctx.models = report.models;
        this.onModels();
      }
    } catch (error) {
      this.result.replaceChildren();
      this.ctx.alerts.show('sidebar.alert.connection', error);
    } finally {
      this.button.disabled = false;
    }
  }

  private show(report: ConnectionReport): void {
    const { tr, language } = this.ctx;
    // A wrong signature is a failure even when the API answered: the answer cannot be trusted.
    const good = report.ok && report.signature !== 'failed';
    const row = (label: MessageKey, value: string, cls = '') =>
      [el('dt', {}, [tr(label)]), el('dd', { class: cls }, [value])] as const;
    const none = tr('sidebar.connection.none');
    this.result.replaceChildren(
      el('div', { class: good ? 'report ok' : 'report fail', id: 'connection-report' }, [
        el('p', { class: 'report-title' }, [
          tr(good ? 'sidebar.connection.ok' : 'sidebar.connection.failed'),
        ]),
        el('dl', {}, [
          ...row(
            'sidebar.connection.latency',
            report.latencyMs === null
              ? none
              : tr('sidebar.connection.ms', { ms: formatCount(language, report.latencyMs) }),
          ),
          ...row('sidebar.connection.version', report.modelVersion ?? none),
          ...row(
            'sidebar.connection.signature',
            tr(SIGNATURE_TEXT[report.signature]),
            `signature-${report.signature}`,
          ),
        ]),
        report.message ? el('p', { class: 'report-message' }, [report.message]) : '',
      ]),
    );
  }
}
