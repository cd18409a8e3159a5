#!/usr/bin/env node
// Ships SheetBridge with clasp, safely enough that a newcomer can do it the first time:
//   npm run deploy                      dev project  (.clasp.json)
//   npm run deploy:prod                 prod project (.clasp.prod.json)
//   npm run deploy -- --dry-run         build, then show what would be pushed; no login, no script id
//   npm run deploy:prod -- --auth FILE  credentials from FILE instead of ~/.clasprc.json (CI)
// Order: configuration first (instant), then typecheck, lint, tests, build (slow), then `clasp push
// --force` (without --force and without a TTY, clasp 3 skips a changed manifest yet exits 0).
// Exit codes: 0 done, 1 a check, the build or the push failed, 2 configuration missing.
// Never prints the contents of the credentials file: script ids are not secrets, clasp tokens are.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLASP = join(ROOT, 'node_modules', '.bin', 'clasp');
const USAGE = 'usage: node scripts/deploy.mjs [--prod] [--dry-run] [--auth FILE]';

class Stop extends Error {
  constructor(exitCode, message) {
    super(message);
    this.exitCode = exitCode;
  }
}

function parseArgs(argv) {
  const options = { prod: false, dryRun: false, auth: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--prod') options.prod = true;
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--auth' || arg === '-A') options.auth = argv[++i];
    else if (arg.startsWith('--auth=')) options.auth = arg.slice('--auth='.length);
    else if (arg === '--help' || arg === '-h') throw new Stop(0, USAGE);
    else throw new Stop(2, `Unknown option "${arg}".\n${USAGE}`);
    if ((arg === '--auth' || arg === '-A') && !options.auth)
      throw new Stop(2, `${arg} needs a file.\n${USAGE}`);
  }
  return options;
}

/** The project file's settings; a missing script id is returned as '' so a dry run can go on. */
function readProject(file) {
  const path = join(ROOT, file);
  if (!existsSync(path)) {
    throw new Stop(2, `${file} is missing. Create it with {"scriptId": "<id>", "rootDir": "dist"}.`);
  }
  let config;
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Stop(2, `${file} is not valid JSON.`);
  }
  // The build writes to dist/; pushing any other folder would ship something stale or nothing.
  if (config.rootDir !== 'dist') throw new Stop(2, `${file} must have "rootDir": "dist".`);
  return { file, config, scriptId: typeof config.scriptId === 'string' ? config.scriptId.trim() : '' };
}

function missingScriptIdMessage(file) {
  return (
    `No script id in ${file}. Open the Apps Script project (Extensions > Apps Script from the ` +
    `spreadsheet, or script.google.com), go to Project Settings > Script ID, copy it and put it in ${file} ` +
    `as "scriptId". See docs/runbook.md, "First deploy".`
  );
}

/** Where clasp will look for credentials, and whether a login is there. Reads, never prints, tokens. */
function findCredentials(authOption) {
  const given = authOption ?? process.env.clasp_config_auth; // clasp's own env name for --auth
  let path = resolve(given ?? join(homedir(), '.clasprc.json'));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, '.clasprc.json');
  const shown = given ? path : '~/.clasprc.json';
  if (!existsSync(path)) return { ok: false, path, why: `no credentials file at ${shown}` };
  let store;
  try {
    store = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // JSON.parse errors quote the text: say only that it is broken.
    return { ok: false, path, why: `${shown} is not valid JSON` };
  }
  // clasp 3 keeps {tokens: {default: {...}}}; clasp 1/2 files are still read by clasp 3.
  const loggedIn =
    store?.tokens?.default || store?.access_token || (store?.token && store?.oauth2ClientSettings);
  if (!loggedIn) return { ok: false, path, why: `${shown} holds no login for the default user` };
  const openToOthers = (statSync(path).mode & 0o077) !== 0;
  return { ok: true, path, shown, openToOthers };
}

function missingCredentialsMessage(why) {
  return (
    `clasp has no credentials (${why}). On your machine run \`npx clasp login\` (it opens a browser ` +
    'and writes ~/.clasprc.json). In CI, write the CLASPRC_JSON secret to a file with umask 077 and pass ' +
    '`--auth FILE` (see .github/workflows/deploy.yml).'
  );
}

function run(label, command, args) {
  console.log(`\n> ${label}`);
  // npm's update notice is noise in a deploy log.
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  if (result.status !== 0) {
    const how = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    // Before the push step nothing has left the machine; a failed push may have sent part of it.
    const pushed = label.startsWith('push') ? 'Check the Apps Script editor.' : 'Nothing was pushed.';
    throw new Stop(1, `Deploy stopped: ${label} failed (${how}). ${pushed}`);
  }
}

/** Asks clasp itself which files it would push, in a scratch copy so no script id or login is needed. */
function filesClaspWouldPush(project) {
  const scratch = mkdtempSync(join(tmpdir(), 'sheetbridge-dry-run-'));
  try {
    cpSync(join(ROOT, 'dist'), join(scratch, 'dist'), { recursive: true });
    // Same settings as the real project file; `clasp status` refuses to run without some script id.
    writeFileSync(join(scratch, '.clasp.json'), JSON.stringify({ ...project.config, scriptId: 'dry-run' }));
    const ignore = join(ROOT, '.claspignore');
    if (existsSync(ignore)) cpSync(ignore, join(scratch, '.claspignore'));
    const env = { ...process.env, HOME: scratch }; // status needs no login: do not read the real one
    for (const name of ['clasp_config_auth', 'clasp_config_project', 'clasp_config_ignore']) delete env[name];
    const result = spawnSync(process.execPath, [CLASP, 'status', '--json'], {
      cwd: scratch,
      env,
      encoding: 'utf8',
    });
    const json = (result.stdout ?? '').split('\n').find((line) => line.startsWith('{'));
    if (result.status !== 0 || !json) {
      throw new Stop(1, `clasp status failed: ${(result.stderr || result.stdout || '').trim()}`);
    }
    const status = JSON.parse(json);
    return {
      push: status.filesToPush ?? [],
      skip: status.untrackedFiles ?? [],
      ignoreFile: existsSync(ignore),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function printManifest() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'dist', 'appsscript.json'), 'utf8'));
  console.log('\nOAuth scopes users are asked to grant (dist/appsscript.json):');
  for (const scope of manifest.oauthScopes ?? ['(none declared: Apps Script would infer them)']) {
    console.log(`  ${scope}`);
  }
  const allow = manifest.urlFetchWhitelist ?? [];
  console.log(
    allow.length
      ? `urlFetchWhitelist (the only URLs the script may fetch):\n${allow.map((p) => `  ${p}`).join('\n')}`
      : 'urlFetchWhitelist: none (build with an https SHEETBRIDGE_BASE_URL to add one; see docs/security.md)',
  );
}

function dryRun(project, credentials) {
  console.log(`Dry run for ${project.file}: builds and lists what would be pushed; pushes nothing.`);
  run('build (npm run build)', 'npm', ['run', 'build']);
  const files = filesClaspWouldPush(project);
  console.log(
    `\nFiles clasp would push from dist/ (${files.ignoreFile ? '.claspignore applied' : 'no .claspignore'}):`,
  );
  let total = 0;
  for (const path of files.push) {
    const size = statSync(join(ROOT, path)).size;
    total += size;
    console.log(`  ${relative('dist', path).padEnd(32)} ${size.toLocaleString('en-US').padStart(12)} bytes`);
  }
  console.log(`  ${'total'.padEnd(32)} ${total.toLocaleString('en-US').padStart(12)} bytes`);
  const skipped = files.skip.map((path) => relative('dist', path));
  if (skipped.length) console.log(`Not pushed (ignored, or not a type clasp pushes): ${skipped.join(', ')}`);
  printManifest();
  console.log('\nA real deploy would also need:');
  console.log(`  script id: ${project.scriptId || `MISSING. ${missingScriptIdMessage(project.file)}`}`);
  console.log(
    `  clasp login: ${credentials.ok ? `found (${credentials.shown})` : `MISSING. ${missingCredentialsMessage(credentials.why)}`}`,
  );
}

function deploy(project, credentials) {
  if (credentials.openToOthers) {
    console.warn(`Warning: ${credentials.shown} is readable by other users; run chmod 600 on it.`);
  }
  console.log(`Deploying to ${project.file} (script ${project.scriptId}).`);
  run('typecheck (npm run typecheck)', 'npm', ['run', 'typecheck']);
  run('lint (npm run lint)', 'npm', ['run', 'lint']);
  run('tests (npm test)', 'npm', ['test']);
  run('build (npm run build)', 'npm', ['run', 'build']);
  printManifest();
  const args = [CLASP, '--auth', credentials.path, '--project', join(ROOT, project.file), 'push', '--force'];
  run(`push (clasp push --force -P ${project.file})`, process.execPath, args);
  console.log(`\nPushed to https://script.google.com/d/${project.scriptId}/edit`);
  console.log(
    `To freeze this code as a version: npx clasp -P ${project.file} create-version "<description>"`,
  );
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(CLASP)) throw new Stop(2, 'clasp is not installed here: run `npm ci` first.');
  const project = readProject(options.prod ? '.clasp.prod.json' : '.clasp.json');
  const credentials = findCredentials(options.auth);
  if (options.dryRun) return dryRun(project, credentials);
  // Both configuration checks come before anything slow, so a newcomer learns in a second what is missing.
  if (!project.scriptId) throw new Stop(2, missingScriptIdMessage(project.file));
  if (!credentials.ok) throw new Stop(2, missingCredentialsMessage(credentials.why));
  deploy(project, credentials);
}

try {
  main();
} catch (error) {
  if (!(error instanceof Stop)) throw error;
  (error.exitCode === 0 ? console.log : console.error)(
    `${error.exitCode ? `${basename(import.meta.url)}: ` : ''}${error.message}`,
  );
  process.exitCode = error.exitCode;
}
