/**
 * The settings form: one field per SidebarState.settings entry, a scope switch (this spreadsheet vs all
 * users), client checks with the server's own rules, and the server's per-field errors next to fields.
 */

import { isDocumentOverridable, SETTING_KEYS } from '../../core/settings';
import type { SettingScope, SettingView } from '../../features/sidebar/rpc-types';
import { call } from './bridge';
import type { Context, ModelInfo } from './context';
import { el } from './dom';
import { ModelPicker } from './model-picker';
import { SecretSection } from './secret-section';
import { FIELD_SPECS, type FieldSpec, specFor } from './settings-fields';
import { checkSetting } from './validation';

interface FieldControl {
  view: SettingView;
  initial: string;
  editable: boolean;
  control: () => HTMLInputElement | HTMLSelectElement;
  error: HTMLElement;
  picker?: ModelPicker;
}

export class SettingsPanel {
  private scope: SettingScope;
  private controls = new Map<string, FieldControl>();
  private secret: SecretSection | null = null;
  private status = el('p', { class: 'status', role: 'status', id: 'settings-status' });

  constructor(
    private readonly root: HTMLElement,
    private readonly ctx: Context,
    /** Told after every successful save: other panels show defaults taken from the settings. */
    private readonly onSaved: () => void = () => undefined,
  ) {
    // Under the lock only the per-spreadsheet settings can change: open the panel where the user can act.
    this.scope = ctx.state.locked ? 'document' : 'script';
  }

  render(): void {
    const { tr, state } = this.ctx;
    this.controls.clear();
    const notes: Node[] = [];
    const baseUrl = state.settings.find((view) => view.key === SETTING_KEYS.baseUrl);
    if (!baseUrl || baseUrl.value === '')
      notes.push(el('p', { class: 'note', id: 'not-configured' }, [tr('sidebar.settings.notConfigured')]));
    if (state.locked)
      notes.push(el('p', { class: 'note', id: 'locked-note' }, [tr('sidebar.settings.lockedNote')]));
    if (this.scope === 'document')
      notes.push(el('p', { class: 'help' }, [tr('sidebar.settings.documentNote')]));

    const ordered = [
      ...FIELD_SPECS.flatMap((spec) => state.settings.filter((view) => view.key === spec.key)),
      // Keys this page does not know yet (a newer server) still show, under their property name.
      ...state.settings.filter((view) => !specFor(view.key) && view.key !== SETTING_KEYS.secret),
    ];
    const fields = ordered.map((view) => this.renderField(view));
    const secretMode = state.locked ? 'locked' : this.scope === 'script' ? 'editable' : 'document';
    this.secret = new SecretSection(this.ctx, secretMode, (secret) => this.submit({}, secret));
    const save = el('button', { type: 'submit', class: 'primary', id: 'settings-save' }, [
      tr('sidebar.settings.save'),
    ]);
    save.disabled = ![...this.controls.values()].some((field) => field.editable);
    const form = el('form', { novalidate: true, id: 'settings-form' }, [
      ...fields,
      el('div', { class: 'buttons' }, [save]),
      this.status,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    this.root.replaceChildren(
      el('h2', { id: 'settings-heading' }, [tr('sidebar.settings.heading')]),
      ...notes,
      this.scopeSwitch(),
      form,
      this.secret.root,
    );
  }

  setModels(models: ModelInfo[]): void {
    for (const field of this.controls.values()) field.picker?.setModels(models);
  }

  private scopeSwitch(): HTMLElement {
    const { tr } = this.ctx;
    const option = (scope: SettingScope, label: string) => {
      const input = el('input', { type: 'radio', name: 'scope', value: scope, id: `scope-${scope}` });
      input.checked = this.scope === scope;
      input.addEventListener('change', () => {
        this.scope = scope;
        this.render();
        document.getElementById(`scope-${scope}`)?.focus();
      });
      return el('label', { class: 'check', for: `scope-${scope}` }, [input, ' ', label]);
    };
    return el('fieldset', { class: 'scope' }, [
      el('legend', {}, [tr('sidebar.scope.legend')]),
      option('document', tr('sidebar.scope.document')),
      option('script', tr('sidebar.scope.script')),
    ]);
  }

  private isEditable(view: SettingView): boolean {
    if (this.scope === 'document') return isDocumentOverridable(view.key);
    return view.editable && !this.ctx.state.locked;
  }

  private renderField(view: SettingView): HTMLElement {
    const { tr } = this.ctx;
    const spec: FieldSpec | undefined = specFor(view.key);
    const editable = this.isEditable(view);
    const own = view.source === this.scope;
    // An inherited value is a placeholder, not a value: saving must not pin it into this scope. The
    // placeholder says what leaving the field empty means: in a spreadsheet the script's value, else
    // the default (a spreadsheet's override does not show through to "All users").
    const initial = editable ? (own ? view.value : '') : view.value;
    const inherited = this.scope === 'document' && view.source === 'script' ? view.value : view.defaultValue;
    const placeholder = editable && !own ? inherited : '';
    const id = `setting-${view.key}`;
    const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const describedBy = `${id}-help ${id}-error`;
    const picker =
      spec?.input === 'model'
        ? new ModelPicker(this.ctx, id, initial, placeholder || view.defaultValue, !editable, describedBy)
        : undefined;
    let control: HTMLInputElement | HTMLSelectElement | undefined;
    if (spec?.input === 'boolean') {
      control = this.booleanSelect(id, initial, view.defaultValue, editable, describedBy);
    } else if (!picker) {
      control = el('input', {
        id,
        type: spec?.input === 'url' ? 'url' : 'text',
        inputmode: spec?.input === 'number' ? 'numeric' : undefined,
        placeholder,
        readonly: !editable,
        'aria-readonly': editable ? undefined : 'true',
        'aria-describedby': describedBy,
        autocomplete: 'off',
        spellcheck: 'false',
      });
      control.value = initial;
    }
    // The model picker swaps its element after a connection test: always ask it for the current one.
    const fixed = control;
    const current = () => (picker ? picker.element : (fixed as HTMLInputElement | HTMLSelectElement));
    const field: FieldControl = { view, initial, editable, control: current, error, picker };
    this.controls.set(view.key, field);
    const shown =
      spec?.input === 'boolean' && /^(true|false)$/i.test(view.value.trim())
        ? tr(view.value.trim().toLowerCase() === 'true' ? 'sidebar.option.on' : 'sidebar.option.off')
        : view.value;
    const sourceText = tr('sidebar.source.line', {
      value: view.value === '' ? tr('sidebar.source.notSet') : shown,
      source: tr(`sidebar.source.${view.source}`),
    });
    return el('div', { class: editable ? 'field' : 'field readonly' }, [
      el('label', { for: id }, [spec ? tr(spec.label) : view.key]),
      picker ? picker.slot : current(),
      el('p', { class: 'help', id: `${id}-help` }, [
        spec ? tr(spec.help) : '',
        // The property name too: it is what a maintainer sets in the Apps Script project settings.
        el('span', { class: 'source' }, [sourceText, ' ', el('code', {}, [view.key])]),
      ]),
      error,
    ]);
  }

  private booleanSelect(
    id: string,
    initial: string,
    fallback: string,
    editable: boolean,
    describedBy: string,
  ) {
    const { tr } = this.ctx;
    const label = (value: string) =>
      tr(value.trim().toLowerCase() === 'true' ? 'sidebar.option.on' : 'sidebar.option.off');
    const select = el('select', { id, disabled: !editable, 'aria-describedby': describedBy }, [
      el('option', { value: '' }, [tr('sidebar.option.default', { value: label(fallback || 'false') })]),
      el('option', { value: 'false' }, [tr('sidebar.option.off')]),
      el('option', { value: 'true' }, [tr('sidebar.option.on')]),
    ]);
    const normal = initial.trim().toLowerCase();
    // A bad stored value stays visible as it is, so the user sees what the server complains about.
    if (normal !== '' && normal !== 'true' && normal !== 'false')
      select.append(el('option', { value: initial }, [initial]));
    select.value = normal === 'true' || normal === 'false' ? normal : initial;
    return select;
  }

  private setError(field: FieldControl, message: string): void {
    field.error.textContent = message;
    field.error.hidden = message === '';
    field.control().setAttribute('aria-invalid', message === '' ? 'false' : 'true');
  }

  /** Checks every changed field first: a bad value never reaches the server. */
  private async save(): Promise<void> {
    const { tr } = this.ctx;
    const values: Record<string, string> = {};
    let firstBad: FieldControl | null = null;
    for (const field of this.controls.values()) {
      if (!field.editable) continue;
      const value = field.control().value.trim();
      this.setError(field, '');
      if (value === field.initial.trim()) continue;
      const problem = checkSetting(field.view.key, value);
      if (problem) {
        this.setError(field, tr(problem.key, problem.params));
        firstBad ??= field;
      } else values[field.view.key] = value;
    }
    if (firstBad) {
      this.status.textContent = tr('sidebar.settings.fixErrors');
      firstBad.control().focus();
      return;
    }
    const secret = this.secret?.take() ?? '';
    if (Object.keys(values).length === 0 && secret === '') {
      this.status.textContent = tr('sidebar.settings.nothingChanged');
      return;
    }
    if (values[SETTING_KEYS.lockSettings] === 'true') {
      if (!(await this.ctx.confirm(tr('sidebar.settings.lockConfirm'), tr('sidebar.settings.lockConfirmOk'))))
        return;
    }
    await this.submit(values, secret === '' ? undefined : secret);
  }

  private async submit(values: Record<string, string>, secret: string | undefined): Promise<boolean> {
    const { tr } = this.ctx;
    const button = this.root.querySelector<HTMLButtonElement>('#settings-save');
    if (button) button.disabled = true;
    this.status.textContent = tr('sidebar.settings.saving');
    try {
      const request =
        secret === undefined ? { scope: this.scope, values } : { scope: this.scope, values, secret };
      const result = await call('sidebarSaveSettings', request);
      if (result.ok) {
        this.ctx.state = result.state;
        this.render();
        this.status.textContent = tr('sidebar.settings.saved');
        this.root.querySelector<HTMLButtonElement>('#settings-save')?.focus();
        this.onSaved();
        return true;
      }
      this.showServerErrors(result.errors);
      this.status.textContent = tr('sidebar.settings.fixErrors');
      return false;
    } catch (error) {
      this.ctx.alerts.show('sidebar.alert.save', error);
      this.status.textContent = '';
      return false;
    } finally {
      if (button?.isConnected) button.disabled = false;
    }
  }

  private showServerErrors(errors: Record<string, string>): void {
    for (const [key, message] of Object.entries(errors)) {
      const field = this.controls.get(key);
      if (field) this.setError(field, message);
      else if (key === SETTING_KEYS.secret && this.secret) this.secret.showError(message);
      else this.ctx.alerts.show('sidebar.alert.save', `${key}: ${message}`);
    }
    const first = Object.keys(errors)
      .map((key) => this.controls.get(key))
      .find(Boolean);
    first?.control().focus();
  }
}
