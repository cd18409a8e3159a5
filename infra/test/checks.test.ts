// The checks must be alive: a clean synth records a clean report, and each kind of broken promise (an
// unacknowledged nag finding, each of our Guard rules) fails the synth. A broken Guard file does not fail
// the synth by itself, which is why the report is read.
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CfnResource, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ApiStack } from '../lib/api-stack';
import { POLICY_DIR } from '../lib/checks';
import { reportProblems } from '../lib/report';
import { synth } from './support';

const cfn = (construct: { node: { defaultChild?: unknown } }) => construct.node.defaultChild as CfnResource;

test('a clean synth writes a validation report with nothing in it', () => {
  const { outdir } = synth();
  expect(readdirSync(outdir)).toContain('validation-report.json');
  expect(reportProblems(outdir)).toEqual([]);
});

test('a cdk-nag finding without an acknowledgement fails the synth', () => {
  const openTasks = (stack: ApiStack) => {
    const sg = new ec2.SecurityGroup(stack, 'Unjustified', { vpc: stack.network.vpc });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  };
  expect(() => synth({ mutate: openTasks })).toThrow(/AwsSolutions-EC23/);
});

const brokenPromises: [string, (stack: ApiStack) => void][] = [
  ['SB_EIP_RETAINED', (s) => s.loadBalancers.elasticIps[0]?.applyRemovalPolicy(RemovalPolicy.DESTROY)],
  [
    'SB_NLB_FIXED_IPS',
    (s) => {
      const nlb = cfn(s.loadBalancers.nlb);
      nlb.addPropertyDeletionOverride('SubnetMappings');
      nlb.addPropertyOverride(
        'Subnets',
        s.network.vpc.publicSubnets.map((subnet) => subnet.subnetId),
      );
    },
  ],
  [
    'SB_ECR_IMMUTABLE_SCANNED',
    (s) => cfn(s.api.repository).addPropertyOverride('ImageTagMutability', 'MUTABLE'),
  ],
  [
    'SB_TASK_HARDENED',
    (s) => cfn(s.api.service.taskDefinition).addPropertyOverride('ContainerDefinitions.0.User', 'root'),
  ],
  [
    'SB_SERVICE_SAFE_DEPLOYS',
    (s) =>
      cfn(s.api.service).addPropertyOverride(
        'DeploymentConfiguration.DeploymentCircuitBreaker.Rollback',
        false,
      ),
  ],
  ['SB_LOGS_EXPIRE', (s) => cfn(s.api.logGroup).addPropertyDeletionOverride('RetentionInDays')],
  [
    'SB_NO_IAM_ACTIONS',
    (s) =>
      s.access.deployRole.addToPolicy(
        new iam.PolicyStatement({
          actions: ['iam:CreateUser'],
          resources: ['arn:aws:iam::111122223333:user/x'],
        }),
      ),
  ],
  [
    'SB_EXEC_NEEDS_MFA',
    (s) =>
      s.access.maintainers.addToPolicy(
        new iam.PolicyStatement({ actions: ['ecs:ExecuteCommand'], resources: [s.api.cluster.clusterArn] }),
      ),
  ],
];

test.each(brokenPromises)('Guard rule %s fails the synth when its promise is broken', (rule, mutate) => {
  expect(() => synth({ mutate })).toThrow(new RegExp(rule));
});

test('a Guard file with a syntax error is recorded as a failed plugin in the report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sheetbridge-guard-'));
  for (const f of readdirSync(POLICY_DIR)) copyFileSync(join(POLICY_DIR, f), join(dir, f));
  writeFileSync(join(dir, 'zz-broken.guard'), 'rule BROKEN {\n  Resources.*[ Type ==\n}\n');
  const outdir = mkdtempSync(join(tmpdir(), 'sheetbridge-infra-'));
  // In memory the app throws; under `cdk synth` the same failure exits 0, and only the report tells.
  expect(() => synth({ policyDir: dir, outdir })).toThrow(
    /Validation plugin 'CloudFormation Validate' failed/,
  );
  expect(reportProblems(outdir).join('\n')).toMatch(/CloudFormation Validate: failure/);
});

test('every acknowledged nag finding carries a reason that explains it', () => {
  const { stack } = synth();
  const acknowledged = stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => Object.entries(m.data as Record<string, string>))
    // aws-cdk-lib acknowledges some of the template validator's rules itself: only ours are nag's.
    .filter(([id]) => id.includes('AwsSolutions-'));
  expect(acknowledged.map(([id]) => id.replace(/\[.*/, '').replace(/^.*::/, '')).sort()).toEqual(
    expect.arrayContaining([
      'AwsSolutions-EC23',
      'AwsSolutions-IAM5',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
    ]),
  );
  for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(60);
});
