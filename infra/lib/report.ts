// The template validator writes its verdict to <cloud assembly>/validation-report.json. A plugin that
// crashed (a Guard file with a syntax error does that) is recorded there as a failed report while the
// synth itself still exits 0, so the report is read after every synth, by `npm run synth` and the tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface PluginReport {
  pluginName: string;
  conclusion: string;
  metadata?: Record<string, unknown>;
  violations: unknown[];
}

/** Problems in the report of a cloud assembly directory; empty when every plugin ran and passed. */
export function reportProblems(assemblyDir: string): string[] {
  const report = JSON.parse(readFileSync(join(assemblyDir, 'validation-report.json'), 'utf8')) as {
    pluginReports: PluginReport[];
  };
  return report.pluginReports
    .filter((r) => r.conclusion !== 'success' || r.metadata?.error !== undefined || r.violations.length > 0)
    .map(
      (r) =>
        `${r.pluginName}: ${r.conclusion} ${JSON.stringify(r.metadata ?? {})} (${r.violations.length} violations)`,
    );
}
