/** Shows one job: where it writes, a progress bar, counts, elapsed and time left, and its buttons. */
import type { JobState, JobStatus } from '../../features/sidebar/rpc-types';
import type { MessageKey } from '../../i18n';
import type { Context } from './context';
import { el } from './dom';
import { formatCount, formatDuration } from './format';

const STATE_TEXT: Record<JobState, MessageKey> = {
  running: 'sidebar.job.state.running',
  done: 'sidebar.job.state.done',
  cancelled: 'sidebar.job.state.cancelled',
  failed: 'sidebar.job.state.failed',
};

export class JobView {
  readonly root = el('div', { id: 'job', class: 'job', hidden: true });
  private readonly title = el('p', { id: 'job-title', class: 'job-title' });
  private readonly stateLine = el('p', { id: 'job-state', class: 'job-state', role: 'status' });
  private readonly progress = el('progress', { id: 'job-progress', 'aria-labelledby': 'job-title' });
  private readonly counts = el('p', { id: 'job-counts' });
  private readonly times = el('p', { id: 'job-times', class: 'help' });
  private readonly message = el('p', { id: 'job-message', class: 'help' });
  readonly resume: HTMLButtonElement;
  readonly cancel: HTMLButtonElement;

  constructor(
    private readonly ctx: Context,
    handlers: { resume: () => void; cancel: () => void },
  ) {
    const { tr } = ctx;
    this.resume = el('button', { type: 'button', id: 'job-resume', class: 'primary' }, [
      tr('sidebar.job.resume'),
    ]);
    this.cancel = el('button', { type: 'button', id: 'job-cancel', class: 'danger' }, [
      tr('sidebar.job.cancel'),
    ]);
    this.resume.addEventListener('click', handlers.resume);
    this.cancel.addEventListener('click', handlers.cancel);
    this.root.append(
      this.title,
      this.stateLine,
      this.progress,
      this.counts,
      this.times,
      this.message,
      el('div', { class: 'buttons' }, [this.resume, this.cancel]),
    );
  }

  /** `driving`: this page is running the slices now; a running job it is not driving can be resumed. */
  show(job: JobStatus, driving: boolean): void {
    const { tr, language } = this.ctx;
    const count = (n: number) => formatCount(language, n);
    this.root.hidden = false;
    this.root.dataset.state = job.state;
    this.title.textContent = tr('sidebar.job.title', {
      input: `${job.sheetName}!${job.inputA1}`,
      output: job.outputA1,
    });
    const interrupted = job.state === 'running' && !driving;
    this.stateLine.textContent = tr(interrupted ? 'sidebar.job.interrupted' : STATE_TEXT[job.state]);
    this.stateLine.className = `job-state ${interrupted ? 'warn' : job.state}`;
    // max 0 would make the bar indeterminate; an empty job is simply complete.
    this.progress.max = Math.max(job.rowsTotal, 1);
    this.progress.value = job.rowsTotal === 0 ? 1 : job.rowsDone;
    this.progress.setAttribute(
      'aria-valuetext',
      tr('sidebar.job.rows', { done: count(job.rowsDone), total: count(job.rowsTotal) }),
    );
    this.counts.replaceChildren(
      tr('sidebar.job.rows', { done: count(job.rowsDone), total: count(job.rowsTotal) }),
      ' · ',
      el('span', { class: job.rowsFailed > 0 ? 'has-failed' : undefined }, [
        tr('sidebar.job.failedRows', { failed: count(job.rowsFailed) }),
      ]),
      // Only when it happened: most runs see no edits, and a zero would only add noise.
      ...(job.rowsRedone > 0
        ? [
            ' · ',
            el('span', { id: 'job-redone' }, [
              tr('sidebar.job.redoneRows', { redone: count(job.rowsRedone) }),
            ]),
          ]
        : []),
    );
    const times = [tr('sidebar.job.elapsed', { time: formatDuration(language, job.elapsedMs) })];
    if (job.state === 'running') {
      times.push(
        job.etaMs === null
          ? tr('sidebar.job.etaUnknown')
          : tr('sidebar.job.eta', { time: formatDuration(language, job.etaMs) }),
      );
    }
    this.times.textContent = times.join(' · ');
    this.message.textContent = job.message ?? '';
    this.message.hidden = !job.message;
    this.resume.hidden = !interrupted;
    this.cancel.hidden = job.state !== 'running';
    this.cancel.disabled = false;
  }
}
