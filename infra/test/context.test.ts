// Context changes what it should, and a bad value stops the synth with a message naming the key.
import { readConfig } from '../lib/config';
import { CDK_JSON, IMAGE_TAG, resourcesOf, type Synthesized, synth } from './support';

const CERT = 'arn:aws:acm:ap-northeast-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-000000000000';
const PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

describe('with TLS, another repository, an existing OIDC provider and other sizes', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({
      context: {
        certificateArn: CERT,
        dnsName: 'api.example.com',
        githubRepository: 'acme/sheets-api',
        githubOidcProviderArn: PROVIDER,
        minTasks: '3',
        maxTasks: '10',
        logRetentionDays: 30,
      },
    });
  });

  test('the ALB terminates TLS with the certificate, reached through TCP 443 on the NLB', () => {
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: CERT }],
    });
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'TCP',
      Port: 443,
      LoadBalancerArn: { Ref: 'EdgeNlbC1135D12' },
    });
    s.template.hasOutput('ApiBaseUrl', { Value: 'https://api.example.com' });
  });

  test('the deploy role trusts the configured repository through the existing provider', () => {
    s.template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRoleWithWebIdentity',
            Effect: 'Allow',
            Principal: { Federated: PROVIDER },
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:acme/sheets-api:environment:production',
              },
            },
          },
        ],
      },
    });
  });

  test('min/max tasks and log retention follow the context', () => {
    s.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 3,
      MaxCapacity: 10,
    });
    for (const [, p] of resourcesOf(s, 'AWS::Logs::LogGroup')) expect(p.RetentionInDays).toBe(30);
  });
});

describe('bad context', () => {
  const node = (extra: Record<string, unknown>) => {
    const context: Record<string, unknown> = { ...CDK_JSON.context, imageTag: IMAGE_TAG, ...extra };
    return { tryGetContext: (key: string) => context[key] } as Parameters<typeof readConfig>[0];
  };

  test.each([
    [{ imageTag: undefined }, /imageTag/],
    [{ imageTag: 'latest' }, /not "latest"/],
    [{ minTasks: 4, maxTasks: 2 }, /maxTasks/],
    [{ availabilityZones: ['ap-northeast-1a'] }, /availabilityZones/],
    [{ availabilityZones: ['us-east-1a', 'us-east-1b'] }, /availabilityZones/],
    [{ certificateArn: CERT }, /go together/],
    [{ githubRepository: 'just-a-name' }, /githubRepository/],
    [{ logRetentionDays: 45 }, /logRetentionDays/],
    [{ taskCpu: 256, taskMemoryMiB: 4096 }, /taskMemoryMiB/],
  ])('%j is refused', (extra, message) => {
    expect(() => readConfig(node(extra))).toThrow(message);
  });

  test("cdk.json's defaults are accepted as they are", () => {
    expect(readConfig(node({}))).toMatchObject({ region: 'ap-northeast-1', minTasks: 2, maxTasks: 6 });
  });
});

test('the first deploy (docs/runbook.md 9.2) synthesizes with no image yet and no tasks', () => {
  const s = synth({ context: { imageTag: 'none-yet', minTasks: '0', maxTasks: '0' } });
  s.template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 0 });
  s.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
    MinCapacity: 0,
    MaxCapacity: 0,
  });
});
