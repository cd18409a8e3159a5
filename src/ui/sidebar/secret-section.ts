/**
 * The secret is write-only: the password input is always empty when rendered and is cleared the moment
 * its value is taken, and the page only ever learns whether a secret is set (SidebarState.secretSet).
 */
import type { Context } from './context';
import { el } from './dom';

export class SecretSection {
  readonly root: HTMLElement;
  private readonly input: HTMLInputElement | null = null;
  private readonly error = el('p', { class: 'field-error', id: 'secret-error', hidden: true });

  constructor(
    private readonly ctx: Context,
    /** 'locked': the panel's lock note already says why nothing here can change. */
    mode: 'editable' | 'document' | 'locked',
    /** Sends the new secret ('' removes it) on its own; resolves true when the server took it. */
    private readonly submit: (secret: string) => Promise<boolean>,
  ) {
    const { tr, state } = ctx;
    const status = el(
      'p',
      { class: state.secretSet ? 'secret-status ok' : 'secret-status warn', id: 'secret-status' },
      [tr(state.secretSet ? 'sidebar.secret.isSet' : 'sidebar.secret.notSet')],
    );
    const children: Node[] = [el('h3', { id: 'secret-heading' }, [tr('sidebar.secret.heading')]), status];
    if (mode === 'editable') {
      this.input = el('input', {
        id: 'secret-input',
        type: 'password',
        // new-password keeps browsers' password managers from filling in a stored password.
        autocomplete: 'new-password',
        spellcheck: 'false',
        'aria-describedby': 'secret-help secret-error',
      });
      const replace = el('button', { type: 'button', id: 'secret-replace' }, [
        tr(state.secretSet ? 'sidebar.secret.replace' : 'sidebar.secret.setNew'),
      ]);
      replace.addEventListener('click', () => void this.replace());
      const buttons = el('div', { class: 'buttons' }, [replace]);
      if (state.secretSet) {
        const remove = el('button', { type: 'button', id: 'secret-remove', class: 'danger' }, [
          tr('sidebar.secret.remove'),
        ]);
        remove.addEventListener('click', () => void this.remove());
        buttons.append(remove);
      }
      children.push(
        el('label', { for: 'secret-input' }, [tr('sidebar.secret.newLabel')]),
        this.input,
        el('p', { class: 'help', id: 'secret-help' }, [tr('sidebar.secret.help')]),
        this.error,
        buttons,
      );
    } else if (mode === 'document') {
      children.push(el('p', { class: 'help' }, [tr('sidebar.secret.scriptOnly')]));
    }
    this.root = el('div', { class: 'secret', role: 'group', 'aria-labelledby': 'secret-heading' }, children);
  }

  /** The typed secret, and the input emptied at once: it never lingers in the page after a save. */
  take(): string {
    if (!this.input) return '';
    const value = this.input.value;
    this.input.value = '';
    return value;
  }

  showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = message === '';
  }

  private async replace(): Promise<void> {
    const secret = this.take();
    if (secret === '') {
      this.showError(this.ctx.tr('sidebar.secret.empty'));
      this.input?.focus();
      return;
    }
    this.showError('');
    await this.submit(secret);
  }

  private async remove(): Promise<void> {
    const { tr } = this.ctx;
    if (!(await this.ctx.confirm(tr('sidebar.secret.removeConfirm'), tr('sidebar.secret.remove')))) return;
    this.showError('');
    await this.submit('');
  }
}
