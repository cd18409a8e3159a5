// Synthesizes the real app the way `cdk synth` does: cdk.json's context (its feature flags included: a
// bare `new App()` would ignore them), the checks (cdk-nag, template validator, Guard), into a temporary
// cloud assembly. No AWS account, credentials or network.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ApiStack } from '../lib/api-stack';
import { buildApp, STACK_NAME } from '../lib/app';
import { POLICY_DIR } from '../lib/checks';

export const CDK_JSON = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};

export const IMAGE_TAG = '0123456789abcdef0123456789abcdef01234567';

export interface Synthesized {
  app: App;
  stack: ApiStack;
  template: Template;
  /** The raw template, for checks that walk it. */
  json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> } & Record<
    string,
    unknown
  >;
  outdir: string;
}

export interface SynthOptions {
  context?: Record<string, unknown>;
  /** Changes the constructs after they are built and before synthesis (to prove a check fires). */
  mutate?: (stack: ApiStack) => void;
  policyDir?: string;
  /** Where the cloud assembly goes; a fresh temporary folder by default. */
  outdir?: string;
}

export function synth(options: SynthOptions = {}): Synthesized {
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'sheetbridge-infra-'));
  const context = { ...CDK_JSON.context, imageTag: IMAGE_TAG, ...options.context };
  const { app, stack } = buildApp({ context, outdir }, options.policyDir ?? POLICY_DIR);
  options.mutate?.(stack);
  const assembly = app.synth();
  const json = assembly.getStackByName(STACK_NAME).template;
  return { app, stack, template: Template.fromJSON(json), json, outdir };
}

/** Resources of one type, by logical id. */
export function resourcesOf(s: Synthesized, type: string): [string, Record<string, unknown>][] {
  return Object.entries(s.json.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties ?? {}]);
}
