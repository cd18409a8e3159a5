// Builds what `clasp push` sends: dist/Code.js (one bundle, top-level entry functions with their
// JSDoc so Sheets autocompletes custom functions), dist/appsscript.json, and the sidebar HTML.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { GasPlugin } from 'esbuild-gas-plugin';

// esbuild-gas-plugin prepends stubs to whatever is in the outfile, even a stale one after a failed
// build: always start from an empty dist/.
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  outfile: 'dist/Code.js',
  format: 'iife',
  target: 'es2020',
  platform: 'neutral',
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [GasPlugin],
});

copyFileSync('appsscript.json', 'dist/appsscript.json');
