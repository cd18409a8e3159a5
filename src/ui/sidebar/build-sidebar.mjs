// Builds dist/Sidebar.html: the sidebar's TypeScript bundled by esbuild and inlined into sidebar.html,
// so HtmlService.createHtmlOutputFromFile('Sidebar') serves one self-contained page (no CDN, no
// external script or style; Apps Script's IFRAME sandbox accepts inline script and style).
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

export const SCRIPT_MARKER = '<!-- SHEETBRIDGE_SIDEBAR_SCRIPT -->';

/**
 * Inside an inline <script>, the HTML parser ends the element at the first "</script" and "<!--"
 * switches it into an escaped state, wherever they stand (strings and regexes included). "\x3C" is
 * "<" in a JS string, template and regex alike, so writing it that way changes nothing for the script.
 */
export function escapeInlineScript(js) {
  return js.replace(/<(?=\/script|!--)/gi, '\\x3C');
}

/** Puts the script where the marker is; split/join, because String.replace would expand "$&" in the JS. */
export function inlineScript(html, js) {
  const parts = html.split(SCRIPT_MARKER);
  if (parts.length !== 2) throw new Error(`sidebar.html must contain ${SCRIPT_MARKER} exactly once`);
  return `${parts[0]}<script>\n${escapeInlineScript(js)}</script>${parts[1]}`;
}

export async function buildSidebar({
  entry = 'src/ui/sidebar/main.ts',
  template = 'src/ui/sidebar/sidebar.html',
  outfile = 'dist/Sidebar.html',
} = {}) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2019',
    platform: 'browser',
    // ASCII output (\u escapes for the Japanese catalogue) survives any charset mix-up on the way.
    charset: 'ascii',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const js = result.outputFiles[0].text;
  writeFileSync(outfile, inlineScript(readFileSync(template, 'utf8'), js));
}
