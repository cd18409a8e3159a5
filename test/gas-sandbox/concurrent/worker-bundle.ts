// Worker threads get neither jest's transform nor tsx's --import hook. Registering tsx inside each
// worker works but costs about a second of TypeScript compiling per thread, which thirty workers on
// two cores pay over and over; instead the worker's entry is bundled once per process with esbuild
// (already a dev dependency) into one CommonJS file, and every worker loads that.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

const SANDBOX_DIR = path.resolve(__dirname, '..');
const built = new Map<string, string>();
let outDir: string | undefined;

/**
 * The path of a plain-JS bundle of `entry` (a .ts file beside this one). The fakes find their files
 * beside them (fetch-worker.mjs, the repository's dist/ and manifest) through `__dirname`, so every
 * bundled file must live in test/gas-sandbox/ or below and only those of test/gas-sandbox/ may use it:
 * it is defined as that folder for the whole bundle.
 */
export function workerBundle(entry: string): string {
  const known = built.get(entry);
  if (known) return known;
  if (!outDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-workers-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    outDir = dir;
  }
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.cjs`);
  buildSync({
    entryPoints: [path.join(__dirname, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: { __dirname: JSON.stringify(SANDBOX_DIR) },
    logLevel: 'error',
  });
  built.set(entry, outfile);
  return outfile;
}
