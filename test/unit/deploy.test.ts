// scripts/deploy.mjs must tell a first-time deployer what is missing before it runs anything slow, and
// its dry run must show what would ship without any Google login. Each case runs the real script in a
// scratch copy of the project (so the team's script ids, dist/ and ~/.clasprc.json are never touched)
// with HOME pointing at an empty folder: no credentials exist unless a case writes them.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets.currentonly',
  'https://www.googleapis.com/auth/script.external_request',
  'https://www.googleapis.com/auth/script.container.ui',
];

let scratch: string;
let home: string;

/** A copy of the project without its outputs; node_modules is shared through a symlink. */
function makeProjectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sheetbridge-deploy-test-'));
  const skip = new Set(['node_modules', '.git', 'dist', 'test-artifacts', 'coverage', 'out']);
  for (const entry of readdirSync(root)) {
    if (!skip.has(entry)) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function writeProject(file: string, scriptId: string): void {
  writeFileSync(join(scratch, file), JSON.stringify({ scriptId, rootDir: 'dist' }));
}

function deploy(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, npm_config_update_notifier: 'false' };
  for (const name of [
    'clasp_config_auth',
    'clasp_config_project',
    'clasp_config_ignore',
    'SHEETBRIDGE_BASE_URL',
  ]) {
    delete env[name];
  }
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(scratch, 'scripts', 'deploy.mjs'), ...args], {
    cwd: scratch,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`, ms: Date.now() - started };
}

beforeAll(() => {
  scratch = makeProjectCopy();
});

beforeEach(() => {
  home = join(scratch, `home-${Date.now()}`);
  mkdirSync(home);
  writeProject('.clasp.json', '');
  writeProject('.clasp.prod.json', '');
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

test('no script id: exit 2 naming .clasp.json and where to find the id, before any check runs', () => {
  const { code, output, ms } = deploy();
  expect(code).toBe(2);
  expect(output).toContain('.clasp.json');
  expect(output).toContain('Project Settings > Script ID');
  expect(output).not.toContain('npm run typecheck');
  expect(ms).toBeLessThan(10_000);
});

test('deploy:prod reads .clasp.prod.json', () => {
  writeProject('.clasp.json', 'dev-script-id');
  const { code, output } = deploy('--prod');
  expect(code).toBe(2);
  expect(output).toContain('.clasp.prod.json');
});

test('script id but no credentials: exit 2 telling to run clasp login', () => {
  writeProject('.clasp.json', '1AbCdEf-not-a-real-id');
  const { code, output } = deploy();
  expect(code).toBe(2);
  expect(output).toContain('npx clasp login');
  expect(output).not.toContain('npm run typecheck');
});

test('an --auth file without a login is refused, and its contents are never printed', () => {
  writeProject('.clasp.json', '1AbCdEf-not-a-real-id');
  const auth = join(home, 'clasprc.json');
  writeFileSync(auth, '{"refresh_token": "TOKEN-MUST-NOT-LEAK", ', { mode: 0o600 });
  const { code, output } = deploy('--auth', auth);
  expect(code).toBe(2);
  expect(output).toContain('not valid JSON');
  expect(output).not.toContain('TOKEN-MUST-NOT-LEAK');
});

test('unknown options are configuration errors', () => {
  expect(deploy('--force').code).toBe(2);
});

test('--dry-run needs no id or login: builds, lists the files to push and the scopes, exit 0', () => {
  const { code, output } = deploy('--dry-run');
  // A failed build shows here with its message (e.g. while src/index.ts is being written).
  expect(output).toContain('Files clasp would push');
  expect(code).toBe(0);
  expect(output).toMatch(/^\s+Code\.js\s+[\d,]+ bytes$/m);
  expect(output).toMatch(/^\s+appsscript\.json\s+[\d,]+ bytes$/m);
  for (const scope of SCOPES) expect(output).toContain(scope);
  expect(output).toContain('urlFetchWhitelist: none');
  expect(output).toContain('script id: MISSING');
}, 120_000);
