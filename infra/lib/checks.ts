// Checks that run on every synth and fail it: cdk-nag's AwsSolutions pack (each accepted finding is
// acknowledged in code, beside the construct, with its reason), and aws-cdk-lib's template validator with
// its default rules plus our own Guard rules (policy/*.guard) for the promises this stack makes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, type CfnElement, CloudFormationValidatePlugin, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export const POLICY_DIR = join(__dirname, '..', 'policy');

export function guardRules(dir = POLICY_DIR): { name: string; content: string }[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.guard'))
    .sort();
  // An empty policy folder would pass silently: treat it as the broken checkout it is.
  if (files.length === 0) throw new Error(`no .guard files in ${dir}`);
  return files.map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

export function addChecks(app: App, policyDir = POLICY_DIR): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    // Registering the plugin replaces the automatic default instance: keep the default rules on.
    new CloudFormationValidatePlugin({ includeDefaultRules: true, guardRules: guardRules(policyDir) }),
  );
}

/**
 * How cdk-nag spells a resource ARN that contains references in a finding id: `<LogicalId>` for a Ref and
 * `<AWS::AccountId>` for the account, e.g. `Resource::arn:aws:ecs:REGION:<AWS::AccountId>:task/<Cluster>/*`.
 */
export function nagArn(
  scope: IConstruct,
  service: string,
  resource: (ref: (c: IConstruct) => string) => string,
) {
  const stack = Stack.of(scope);
  const ref = (c: IConstruct) => `<${stack.getLogicalId(c.node.defaultChild as CfnElement)}>`;
  return `Resource::arn:${stack.partition}:${service}:${stack.region}:<AWS::AccountId>:${resource(ref)}`;
}
