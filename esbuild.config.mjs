// Builds what `clasp push` sends: dist/Code.js (one bundle, top-level entry functions with their
// JSDoc so Sheets autocompletes custom functions), dist/appsscript.json, and the sidebar HTML.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { GasPlugin } from 'esbuild-gas-plugin';
import { buildManifest } from './scripts/manifest.mjs';
import { buildSidebar } from './src/ui/sidebar/build-sidebar.mjs';

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

// The pushed manifest: appsscript.json plus, for an https base URL with a domain name given at build
// time, a matching urlFetchWhitelist entry (scripts/manifest.mjs says why and when).
const built = buildManifest(
  JSON.parse(readFileSync('appsscript.json', 'utf8')),
  process.env.SHEETBRIDGE_BASE_URL,
);
for (const note of built.notes) console.log(`manifest: ${note}`);
writeFileSync('dist/appsscript.json', `${JSON.stringify(built.manifest, null, 2)}\n`);

// The sidebar page: its TypeScript bundled for the browser and inlined into one dist/Sidebar.html.
await buildSidebar();
