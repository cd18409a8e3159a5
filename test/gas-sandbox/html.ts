// HtmlService (developers.google.com/apps-script/reference/html/html-service). Files come from the
// built dist/ folder: Apps Script serves NAME.html pushed next to Code.js, and so does this fake.
// Templates support the three scriptlet forms (<? code ?>, <?= escaped ?>, <?!= raw ?>), evaluated in
// the script's own context so that they see its globals, as Apps Script's templates do.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { Runtime } from './runtime';

const SandboxMode = Object.freeze({ EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' });
const XFrameOptionsMode = Object.freeze({ ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' });

export class FakeHtmlOutput {
  private title = '';
  private width = 300;
  private height = 500;

  constructor(private content: string) {}

  getContent(): string {
    return this.content;
  }

  setContent(content: unknown): FakeHtmlOutput {
    this.content = String(content);
    return this;
  }

  append(addedContent: unknown): FakeHtmlOutput {
    this.content += String(addedContent);
    return this;
  }

  getTitle(): string {
    return this.title;
  }

  setTitle(title: unknown): FakeHtmlOutput {
    this.title = String(title);
    return this;
  }

  getWidth(): number {
    return this.width;
  }

  setWidth(width: unknown): FakeHtmlOutput {
    this.width = Number(width);
    return this;
  }

  getHeight(): number {
    return this.height;
  }

  setHeight(height: unknown): FakeHtmlOutput {
    this.height = Number(height);
    return this;
  }

  setSandboxMode(_mode: unknown): FakeHtmlOutput {
    return this;
  }

  setXFrameOptionsMode(_mode: unknown): FakeHtmlOutput {
    return this;
  }

  setFaviconUrl(_url: unknown): FakeHtmlOutput {
    return this;
  }

  addMetaTag(_name: unknown, _content: unknown): FakeHtmlOutput {
    return this;
  }

  toString(): string {
    return 'HtmlOutput';
  }
}

function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export class FakeHtmlTemplate {
  [variable: string]: unknown;

  constructor(
    private readonly source: string,
    private readonly context: vm.Context,
  ) {}

  getRawContent(): string {
    return this.source;
  }

  evaluate(): FakeHtmlOutput {
    const parts = this.source.split(/(<\?!?=?[\s\S]*?\?>)/);
    let body = 'var __out = "";\n';
    for (const part of parts) {
      if (part.startsWith('<?!=')) body += `__out += String(${part.slice(4, -2)});\n`;
      else if (part.startsWith('<?=')) body += `__out += __escape(${part.slice(3, -2)});\n`;
      else if (part.startsWith('<?')) body += `${part.slice(2, -2)}\n`;
      else body += `__out += ${JSON.stringify(part)};\n`;
    }
    const render = vm.runInContext(
      `(function (__vars, __escape) { with (__vars) { ${body} return __out; } })`,
      this.context,
    ) as (vars: object, escapeFn: (value: unknown) => string) => string;
    const variables: Record<string, unknown> = {};
    for (const key of Object.keys(this))
      if (key !== 'source' && key !== 'context') variables[key] = this[key];
    return new FakeHtmlOutput(render(variables, escapeHtml));
  }
}

export class FakeHtmlService {
  readonly SandboxMode = SandboxMode;
  readonly XFrameOptionsMode = XFrameOptionsMode;

  constructor(
    private readonly runtime: Runtime,
    private readonly distDir: string,
  ) {}

  createHtmlOutput(html?: unknown): FakeHtmlOutput {
    this.runtime.checkDeadline();
    return new FakeHtmlOutput(html === undefined ? '' : String(html));
  }

  createHtmlOutputFromFile(filename: unknown): FakeHtmlOutput {
    return new FakeHtmlOutput(this.read(String(filename)));
  }

  createTemplate(html: unknown): FakeHtmlTemplate {
    return new FakeHtmlTemplate(String(html), this.runtime.realm.context);
  }

  createTemplateFromFile(filename: unknown): FakeHtmlTemplate {
    return new FakeHtmlTemplate(this.read(String(filename)), this.runtime.realm.context);
  }

  toString(): string {
    return 'HtmlService';
  }

  /** "Sidebar" and "Sidebar.html" both name dist/Sidebar.html, as in Apps Script. */
  private read(name: string): string {
    this.runtime.checkDeadline();
    const file = path.join(this.distDir, name.endsWith('.html') ? name : `${name}.html`);
    if (!fs.existsSync(file)) this.runtime.fail(`No HTML file named ${name} was found.`);
    return fs.readFileSync(file, 'utf8');
  }
}
