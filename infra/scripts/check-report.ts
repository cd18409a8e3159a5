// `npm run synth` ends here: fail when the validation report of cdk.out records a plugin that did not
// run cleanly (a broken Guard file lets `cdk synth` exit 0).
import { join } from 'node:path';
import { reportProblems } from '../lib/report';

const dir = join(__dirname, '..', 'cdk.out');
const problems = reportProblems(dir);
if (problems.length > 0) {
  process.stderr.write(`validation report ${join(dir, 'validation-report.json')}:\n${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('validation report: all checks ran and passed\n');
