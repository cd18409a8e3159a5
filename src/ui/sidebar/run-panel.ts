/**
 * "Predict selection": starts a job, asks before overwriting, then drives it slice by slice (each
 * google.script.run call is a fresh Apps Script execution with its own 6 minutes, PLATFORM.md) until
 * it is no longer running. A running job found on load is shown with a Resume button.
 */

import { SETTING_KEYS } from '../../core/settings';
import type { JobStatus, StartJobRequest, StartJobResult } from '../../features/sidebar/rpc-types';
import { call } from './bridge';
import type { Context, ModelInfo } from './context';
import { el } from './dom';
import { formatCount } from './format';
import { JobView } from './job-view';
import { ModelPicker } from './model-picker';
import { checkTargetColumn } from './validation';

export class RunPanel {
  private job: JobStatus | null;
  /** Bumped by cancel and by every new drive, so answers of a slice still in flight are ignored. */
  private loop = 0;
  private driving = false;
  private starting = false;
  private readonly selection = el('p', { id: 'run-selection', class: 'selection' });
  private readonly hasHeader = el('input', { type: 'checkbox', id: 'run-has-header' });
  private readonly target = el('input', {
    type: 'text',
    id: 'run-target',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 3,
    'aria-describedby': 'run-target-help run-target-error',
  });
  private readonly targetError = el('p', { class: 'field-error', id: 'run-target-error', hidden: true });
  private readonly idColumn = el('input', {
    type: 'text',
    id: 'run-id-column',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 3,
    'aria-describedby': 'run-id-column-help run-id-column-error',
  });
  private readonly idColumnError = el('p', { class: 'field-error', id: 'run-id-column-error', hidden: true });
  private readonly model: ModelPicker;
  private readonly start = el('button', { type: 'button', id: 'run-start', class: 'primary' });
  private readonly rerun = el('button', { type: 'button', id: 'run-rerun' });
  private readonly view: JobView;

  constructor(
    private readonly root: HTMLElement,
    private readonly ctx: Context,
  ) {
    this.model = new ModelPicker(ctx, 'run-model', '', this.defaultModel(), false, 'run-model-help');
    this.job = ctx.state.job;
    this.hasHeader.checked = true;
    this.start.addEventListener('click', () => void this.startJob(false));
    this.rerun.addEventListener('click', () => void this.startJob(true));
    this.view = new JobView(ctx, { resume: () => this.resume(), cancel: () => void this.cancel() });
  }

  /** Opened from "Rerun failed rows": that is the main action, so it is the highlighted, focused one. */
  preferRerun(): void {
    this.start.classList.remove('primary');
    this.rerun.classList.add('primary');
    this.rerun.parentElement?.prepend(this.rerun);
    this.rerun.focus();
  }

  render(): void {
    const { tr } = this.ctx;
    const refresh = el('button', { type: 'button', id: 'run-refresh', class: 'link' }, [
      tr('sidebar.run.refresh'),
    ]);
    refresh.addEventListener('click', () => void this.refreshSelection());
    this.start.textContent = tr('sidebar.run.start');
    this.rerun.textContent = tr('sidebar.run.rerunFailed');
    this.root.replaceChildren(
      el('h2', {}, [tr('sidebar.run.heading')]),
      el('div', { class: 'selection-row' }, [this.selection, refresh]),
      el('label', { class: 'check', for: 'run-has-header' }, [
        this.hasHeader,
        ' ',
        tr('sidebar.run.hasHeader'),
      ]),
      el('div', { class: 'field' }, [
        el('label', { for: 'run-model' }, [tr('sidebar.run.model')]),
        this.model.slot,
        el('p', { class: 'help', id: 'run-model-help' }, [tr('sidebar.run.modelHelp')]),
      ]),
      el('div', { class: 'field' }, [
        el('label', { for: 'run-target' }, [tr('sidebar.run.target')]),
        this.target,
        el('p', { class: 'help', id: 'run-target-help' }, [tr('sidebar.run.targetHelp')]),
        this.targetError,
      ]),
      el('div', { class: 'field' }, [
        el('label', { for: 'run-id-column' }, [tr('sidebar.run.idColumn')]),
        this.idColumn,
        el('p', { class: 'help', id: 'run-id-column-help' }, [tr('sidebar.run.idColumnHelp')]),
        this.idColumnError,
      ]),
      el('div', { class: 'buttons' }, [this.start, this.rerun]),
      this.view.root,
    );
    this.renderSelection();
    if (this.job) this.view.show(this.job, false);
    this.updateButtons();
  }

  setModels(models: ModelInfo[]): void {
    this.model.setModels(models);
  }

  /** The settings changed: the model an empty field means may have, too. */
  settingsSaved(): void {
    this.model.setFallback(this.defaultModel());
  }

  private defaultModel(): string {
    const model = this.ctx.state.settings.find((view) => view.key === SETTING_KEYS.model);
    return model?.value || model?.defaultValue || 'default';
  }

  private renderSelection(): void {
    const { tr, language, state } = this.ctx;
    const selection = state.selection;
    this.selection.textContent = selection
      ? tr('sidebar.run.selection', {
          range: `${selection.sheetName}!${selection.a1}`,
          rows: formatCount(language, selection.rows),
          columns: formatCount(language, selection.columns),
        })
      : tr('sidebar.run.noSelection');
  }

  /** The selection in the state is from when the sidebar loaded; the user may have moved since. */
  private async refreshSelection(): Promise<void> {
    try {
      this.ctx.state = await call('sidebarGetState');
      this.renderSelection();
    } catch (error) {
      this.ctx.alerts.show('sidebar.alert.load', error);
    }
  }

  private updateButtons(): void {
    const busy = this.starting || this.driving;
    this.start.disabled = busy;
    this.rerun.disabled = busy;
  }

  private async startJob(rerunFailed: boolean): Promise<void> {
    const { tr } = this.ctx;
    const targetOk = this.checkColumnField(this.target, this.targetError);
    const idOk = this.checkColumnField(this.idColumn, this.idColumnError);
    if (!targetOk || !idOk) {
      (targetOk ? this.idColumn : this.target).focus();
      return;
    }
    const request: StartJobRequest = { hasHeader: this.hasHeader.checked };
    if (this.model.value !== '') request.model = this.model.value;
    if (this.target.value.trim() !== '') request.targetColumn = this.target.value.trim().toUpperCase();
    if (this.idColumn.value.trim() !== '') request.idColumn = this.idColumn.value.trim().toUpperCase();
    if (rerunFailed) request.rerunFailed = true;
    this.starting = true;
    this.updateButtons();
    try {
      let result: StartJobResult = await call('sidebarStartJob', request);
      if (result.kind === 'confirm-overwrite') {
        const question = tr('sidebar.run.overwriteQuestion', {
          cells: formatCount(this.ctx.language, result.cells),
          range: result.outputA1,
        });
        if (!(await this.ctx.confirm(question, tr('sidebar.run.overwrite'), result.message))) return;
        result = await call('sidebarStartJob', { ...request, overwrite: true });
      }
      if (result.kind === 'started') {
        this.starting = false;
        await this.drive(result.job);
      } else {
        // 'error', or a second confirm-overwrite after the user already agreed: both are the server's word.
        this.ctx.alerts.show('sidebar.alert.start', result.message);
      }
    } catch (error) {
      this.ctx.alerts.show('sidebar.alert.start', error);
    } finally {
      this.starting = false;
      this.updateButtons();
    }
  }

  /** Shows the field's problem beside it; false when there is one. */
  private checkColumnField(input: HTMLInputElement, error: HTMLElement): boolean {
    const problem = checkTargetColumn(input.value);
    error.textContent = problem ? this.ctx.tr(problem.key, problem.params) : '';
    error.hidden = !problem;
    input.setAttribute('aria-invalid', problem ? 'true' : 'false');
    return problem === null;
  }

  private resume(): void {
    if (this.job?.state === 'running') void this.drive(this.job);
  }

  private async drive(first: JobStatus): Promise<void> {
    const loop = ++this.loop;
    let job = first;
    this.job = job;
    this.driving = true;
    this.updateButtons();
    this.view.show(job, true);
    try {
      while (job.state === 'running') {
        job = await call('sidebarRunSlice', job.id);
        if (loop !== this.loop) return; // cancelled meanwhile: cancel() shows the outcome
        this.job = job;
        this.view.show(job, true);
      }
    } catch (error) {
      if (loop === this.loop) this.ctx.alerts.show('sidebar.alert.slice', error);
    } finally {
      if (loop === this.loop) {
        this.driving = false;
        this.updateButtons();
        if (this.job) this.view.show(this.job, false);
      }
    }
  }

  private async cancel(): Promise<void> {
    const job = this.job;
    if (!job) return;
    this.loop += 1;
    this.driving = false;
    this.view.cancel.disabled = true;
    try {
      this.job = await call('sidebarCancelJob', job.id);
    } catch (error) {
      this.ctx.alerts.show('sidebar.alert.cancel', error);
    }
    if (this.job) this.view.show(this.job, false);
    this.updateButtons();
  }
}
