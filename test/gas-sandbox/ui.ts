// SpreadsheetApp.getUi() (developers.google.com/apps-script/reference/base/ui): menus, alerts, prompts,
// sidebars and dialogs are recorded for tests instead of shown. Enum values (Button, ButtonSet) are
// their names as strings: Apps Script enums print as their names and compare by identity, which
// strings reproduce for `response === ui.Button.YES`.
import type { FakeHtmlOutput } from './html';
import type { Runtime } from './runtime';

const Button = Object.freeze({ CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' });
const ButtonSet = Object.freeze({
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
});

export type MenuEntry = { caption: string; functionName: string } | 'separator' | { subMenu: RecordedMenu };

export interface RecordedMenu {
  title: string;
  items: MenuEntry[];
}

export interface UiLog {
  alerts: Array<{ title?: string; prompt: string; buttons?: string }>;
  /** Answers for the next alerts/prompts, one per dialog: 'OK', 'YES', 'NO', 'CANCEL', 'CLOSE'. */
  nextAlertResponses: string[];
  /** Texts the user types into the next prompts (default ''). */
  nextPromptTexts: string[];
  sidebars: Array<{ title: string; html: string }>;
  dialogs: Array<{ title: string; html: string; modal: boolean }>;
  menus: RecordedMenu[];
  toasts: string[];
}

export class FakeMenu {
  readonly recorded: RecordedMenu;

  constructor(
    private readonly ui: FakeUi,
    title: string,
  ) {
    this.recorded = { title, items: [] };
  }

  addItem(caption: unknown, functionName: unknown): FakeMenu {
    this.recorded.items.push({ caption: String(caption), functionName: String(functionName) });
    return this;
  }

  addSeparator(): FakeMenu {
    this.recorded.items.push('separator');
    return this;
  }

  addSubMenu(menu: FakeMenu): FakeMenu {
    this.recorded.items.push({ subMenu: menu.recorded });
    return this;
  }

  addToUi(): void {
    this.ui.log.menus.push(this.recorded);
  }

  toString(): string {
    return 'Menu';
  }
}

export class FakeUi implements UiLog {
  readonly Button = Button;
  readonly ButtonSet = ButtonSet;
  alerts: UiLog['alerts'] = [];
  nextAlertResponses: string[] = [];
  nextPromptTexts: string[] = [];
  sidebars: UiLog['sidebars'] = [];
  dialogs: UiLog['dialogs'] = [];
  menus: RecordedMenu[] = [];
  toasts: string[] = [];

  constructor(private readonly runtime: Runtime) {}

  get log(): UiLog {
    return this;
  }

  createMenu(caption: unknown): FakeMenu {
    return new FakeMenu(this, String(caption));
  }

  /** An add-on's menu carries the add-on's name, which the sandbox does not know: recorded as 'Add-on'. */
  createAddonMenu(): FakeMenu {
    return new FakeMenu(this, 'Add-on');
  }

  /** alert(prompt) | alert(prompt, buttons) | alert(title, prompt, buttons). */
  alert(...args: unknown[]): string {
    const [title, prompt, buttons] =
      args.length >= 3
        ? [String(args[0]), String(args[1]), String(args[2])]
        : [undefined, String(args[0]), args[1] === undefined ? undefined : String(args[1])];
    this.alerts.push({
      ...(title === undefined ? {} : { title }),
      prompt,
      ...(buttons === undefined ? {} : { buttons }),
    });
    return this.answer(buttons);
  }

  /** prompt(prompt) | prompt(prompt, buttons) | prompt(title, prompt, buttons): a PromptResponse. */
  prompt(...args: unknown[]): { getResponseText(): string; getSelectedButton(): string } {
    const buttons = args.length >= 3 ? String(args[2]) : args.length === 2 ? String(args[1]) : undefined;
    this.alerts.push({
      ...(args.length >= 3 ? { title: String(args[0]) } : {}),
      prompt: String(args.length >= 3 ? args[1] : args[0]),
      ...(buttons === undefined ? {} : { buttons }),
    });
    const button = this.answer(buttons);
    const text = this.nextPromptTexts.shift() ?? '';
    return { getResponseText: () => text, getSelectedButton: () => button };
  }

  showSidebar(output: FakeHtmlOutput): void {
    this.runtime.checkDeadline();
    this.sidebars.push({ title: output.getTitle(), html: output.getContent() });
  }

  showModalDialog(output: FakeHtmlOutput, title: unknown): void {
    this.dialogs.push({ title: String(title), html: output.getContent(), modal: true });
  }

  showModelessDialog(output: FakeHtmlOutput, title: unknown): void {
    this.dialogs.push({ title: String(title), html: output.getContent(), modal: false });
  }

  toString(): string {
    return 'Ui';
  }

  /** The queued answer, else the first button of the set (YES for YES_NO sets, OK otherwise). */
  private answer(buttons: string | undefined): string {
    this.runtime.checkDeadline();
    const queued = this.nextAlertResponses.shift();
    if (queued !== undefined) return queued;
    return buttons?.startsWith('YES') ? Button.YES : Button.OK;
  }
}
