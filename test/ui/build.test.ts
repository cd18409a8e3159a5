/** The built page must be ONE self-contained file that HtmlService can serve as it is. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { en } from '../../src/i18n/en';
import { SIDEBAR_HTML } from './support/harness';

const ROOT = resolve(__dirname, '../..');

describe('dist/Sidebar.html', () => {
  const html = readFileSync(SIDEBAR_HTML, 'utf8');

  it('inlines one script and loads nothing from elsewhere', () => {
    expect(html.match(/<script\b/gi)).toHaveLength(1);
    expect(html).toMatch(/<script>\n/);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    expect(html).not.toContain('SHEETBRIDGE_SIDEBAR_SCRIPT');
    const script = html.slice(html.indexOf('<script>') + '<script>'.length, html.lastIndexOf('</script>'));
    expect(script).not.toMatch(/<\/script|<!--/i);
    expect(script.length).toBeGreaterThan(10_000);
  });

  it('carries only catalogue keys in its data-i18n attributes', () => {
    const template = readFileSync(resolve(ROOT, 'src/ui/sidebar/sidebar.html'), 'utf8');
    const keys = [...template.matchAll(/data-i18n="([^"]+)"/g)].map((match) => match[1]);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(Object.keys(en)).toContain(key);
  });

  it('escapes "</script" and "<!--" in the script without changing what it does', () => {
    // build-sidebar.mjs is an ES module run by node; exercise it the way the build does.
    const program = `
      import { escapeInlineScript, inlineScript } from './src/ui/sidebar/build-sidebar.mjs';
      const js = 'var a = "</script><!-- $& $1"; var b = /<\\\\/SCRIPT>/i.test("</SCRIPT>");';
      const escaped = escapeInlineScript(js);
      const page = inlineScript('<body><!-- SHEETBRIDGE_SIDEBAR_SCRIPT --></body>', js);
      const scope = {};
      new Function('scope', escaped + '; scope.a = a; scope.b = b;')(scope);
      console.log(JSON.stringify({ escaped, page, scope }));
    `;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', program], { cwd: ROOT, encoding: 'utf8' }),
    );
    expect(out.escaped).not.toMatch(/<\/script|<!--/i);
    expect(out.scope).toEqual({ a: '</script><!-- $& $1', b: true });
    expect(out.page).toBe(`<body><script>\n${out.escaped}</script></body>`);
  });
});
