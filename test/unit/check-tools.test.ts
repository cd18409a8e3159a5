// `npm test` on a machine without nginx or Chromium must stop first with one message that says what
// to install, not fail minutes later with a browser-launch stack trace.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'check-tools.mjs');

/** Runs the check as npm's pretest does, with a PATH and CHROMIUM_PATH that find nothing extra. */
function check(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [script], {
    env: { PATH: '/nonexistent', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('npm test runs the check before anything else', () => {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
  expect(scripts.pretest).toBe('node scripts/check-tools.mjs');
});

test('a missing Chromium stops the run with one message naming it and the install command', () => {
  const result = check({ CHROMIUM_PATH: '/nonexistent/chromium' });
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(
    /^npm test needs (nginx and )?chromium, which (are|is) not installed\. Install with:$/,
  );
  expect(lines[1]?.trim()).toBe(
    'sudo apt-get install -y --no-install-recommends nginx-light chromium fonts-ipafont-gothic ca-certificates git',
  );
});

describe('one package list (scripts/apt-packages.txt) for the check, .ci/run and the workflows', () => {
  const read = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');
  // Comments and Windows line ends stripped, then xargs: the same reading in all three.
  const INSTALL_FROM_LIST = /sed 's\/#\.\*\/\/; s\/\\r\$\/\/' scripts\/apt-packages\.txt[^|]*\|\s*xargs/;

  test('.ci/run and both workflows install from it, naming no test package themselves', () => {
    for (const file of [
      read('.ci', 'run'),
      read('.github/workflows/ci.yml'),
      read('.github/workflows/deploy.yml'),
    ]) {
      expect(file).toMatch(INSTALL_FROM_LIST);
      expect(file).not.toMatch(/apt-get install[^\n]*\b(nginx-light|chromium|fonts-ipafont-gothic)\b/);
    }
    expect(read('.ci', 'run')).toContain('scripts/apt-packages.txt scripts/apt-packages-image-check.txt');
  });

  test("the shell's reading of the list and the check's agree, comments and blank lines skipped", () => {
    const shell = spawnSync('sh', ['-c', "sed 's/#.*//; s/\\r$//' scripts/apt-packages.txt | xargs echo"], {
      cwd: root,
      encoding: 'utf8',
    });
    const check = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { aptPackages, INSTALL_COMMAND } from './scripts/check-tools.mjs';\n" +
          "console.log(JSON.stringify([INSTALL_COMMAND, aptPackages('# c\\n\\n  a  # why\\nb\\n')]));",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const [command, parsed] = JSON.parse(check.stdout) as [string, string[]];
    expect(parsed).toEqual(['a', 'b']);
    expect(command).toBe(`sudo apt-get install -y --no-install-recommends ${shell.stdout.trim()}`);
  });
});

test('passes silently when the programs are there', () => {
  // On this machine (and CI) both are installed: the check must not stand in the way.
  const result = check({ PATH: process.env.PATH ?? '' });
  expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
});
