// The promises of issue 11 about the network, the load balancers and the service, read off the template
// that `cdk synth` would produce from cdk.json's context.
import { Match } from 'aws-cdk-lib/assertions';
import { IMAGE_TAG, resourcesOf, type Synthesized, synth } from './support';

let s: Synthesized;
beforeAll(() => {
  s = synth();
});

const AZS = ['ap-northeast-1a', 'ap-northeast-1c'];

describe('stack', () => {
  test('is account-agnostic and needs no lookups', () => {
    expect(s.stack.region).toBe('ap-northeast-1');
    expect(s.stack.account).toMatch(/\$\{Token/);
    const manifest = s.app.synth().manifest;
    expect(manifest.missing ?? []).toEqual([]);
  });
});

describe('VPC', () => {
  test('spans the two AZs from context, with public and isolated subnets and no NAT', () => {
    const zones = resourcesOf(s, 'AWS::EC2::Subnet').map(([, p]) => p.AvailabilityZone);
    expect(zones.sort()).toEqual([...AZS, ...AZS].sort());
    s.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    s.template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test('reaches ECR, S3, CloudWatch Logs, Secrets Manager and SSM messages through endpoints', () => {
    const names = resourcesOf(s, 'AWS::EC2::VPCEndpoint').map(([, p]) => JSON.stringify(p.ServiceName));
    for (const service of ['.ecr.api', '.ecr.dkr', '.s3', '.logs', '.secretsmanager', '.ssmmessages']) {
      expect(names.some((n) => n.includes(`${service}"`))).toBe(true);
    }
  });
});

describe('NLB and its fixed IPs', () => {
  test('one Elastic IP per AZ, retained on deletion and on replacement, with stable logical ids', () => {
    const eips = s.template.findResources('AWS::EC2::EIP');
    // Renaming a construct on the way to these ids would allocate NEW addresses: never change them.
    expect(Object.keys(eips).sort()).toEqual(['EdgeIp1A3197B6E', 'EdgeIp221D9FF08']);
    for (const eip of Object.values(eips)) {
      expect(eip).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('is internet-facing and takes its addresses from those IPs through subnet mappings', () => {
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'network',
      Scheme: 'internet-facing',
      SubnetMappings: [
        { AllocationId: { 'Fn::GetAtt': ['EdgeIp1A3197B6E', 'AllocationId'] }, SubnetId: Match.anyValue() },
        { AllocationId: { 'Fn::GetAtt': ['EdgeIp221D9FF08', 'AllocationId'] }, SubnetId: Match.anyValue() },
      ],
    });
  });

  test('prints the IPs and the base URL as outputs', () => {
    s.template.hasOutput('NlbIp1', { Value: { 'Fn::GetAtt': ['EdgeIp1A3197B6E', 'PublicIp'] } });
    s.template.hasOutput('NlbIp2', { Value: { 'Fn::GetAtt': ['EdgeIp221D9FF08', 'PublicIp'] } });
    s.template.hasOutput('ApiBaseUrl', {
      Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': ['EdgeIp1A3197B6E', 'PublicIp'] }]] },
    });
  });

  test('forwards TCP 80 to an ALB-type target group whose target is the internal ALB', () => {
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'TCP',
      LoadBalancerArn: { Ref: 'EdgeNlbC1135D12' },
    });
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'alb',
      Protocol: 'TCP',
      Port: 80,
      Targets: [{ Id: { Ref: 'EdgeAlb09518372' }, Port: 80 }],
    });
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      Scheme: 'internal',
    });
  });

  test('has no TLS listener unless a certificate is configured', () => {
    const ports = resourcesOf(s, 'AWS::ElasticLoadBalancingV2::Listener').map(([, p]) => p.Port);
    expect(ports.sort()).toEqual([80, 80]);
  });
});

describe('the Fargate service', () => {
  test("runs the immutable image tag from context, from the stack's ECR repository", () => {
    const image = JSON.stringify(resourcesOf(s, 'AWS::ECS::TaskDefinition')[0]?.[1].ContainerDefinitions);
    expect(image).toContain(`:${IMAGE_TAG}"`);
    expect(image).toContain('"Ref":"ApiRepositoryAADF3F12"');
  });

  test('is hardened: read-only root filesystem, non-root user, no public IP', () => {
    s.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({ Name: 'api', ReadonlyRootFilesystem: true, User: '1000:1000' }),
      ],
    });
    s.template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });

  test('rolls back a failed deployment and allows ECS Exec', () => {
    s.template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
      EnableExecuteCommand: true,
    });
  });

  test('is health-checked on /v1/health behind the ALB', () => {
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 8080,
      HealthCheckPath: '/v1/health',
    });
  });

  test('gets two signing key slots from Secrets Manager as container secrets', () => {
    const secrets = resourcesOf(s, 'AWS::SecretsManager::Secret').map(([id]) => id);
    expect(secrets).toHaveLength(2);
    s.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Secrets: [
            { Name: 'SB_KEYS_A', ValueFrom: { Ref: secrets[0] } },
            { Name: 'SB_KEYS_B', ValueFrom: { Ref: secrets[1] } },
          ],
        }),
      ],
    });
  });

  test('sizes the idempotency store from the task memory', () => {
    s.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Memory: '512',
      ContainerDefinitions: [
        Match.objectLike({
          Environment: Match.arrayWith([
            { Name: 'SB_IDEMPOTENCY_MAX_BYTES', Value: String(64 * 1024 * 1024) },
          ]),
        }),
      ],
    });
  });

  test('logs to a log group with the retention from context', () => {
    s.template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/sheetbridge/api',
      RetentionInDays: 90,
    });
  });

  test('scales on CPU and on ALB requests per target between minTasks and maxTasks', () => {
    s.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 6,
    });
    const metrics = resourcesOf(s, 'AWS::ApplicationAutoScaling::ScalingPolicy').map(
      ([, p]) =>
        (
          p.TargetTrackingScalingPolicyConfiguration as {
            PredefinedMetricSpecification: { PredefinedMetricType: string };
          }
        ).PredefinedMetricSpecification.PredefinedMetricType,
    );
    expect(metrics.sort()).toEqual(['ALBRequestCountPerTarget', 'ECSServiceAverageCPUUtilization']);
  });
});

describe('ECR repository', () => {
  test('has immutable tags, scan on push and a lifecycle rule, and survives the stack', () => {
    const [repo] = Object.values(s.template.findResources('AWS::ECR::Repository'));
    expect(repo).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { ImageTagMutability: 'IMMUTABLE', ImageScanningConfiguration: { ScanOnPush: true } },
    });
    expect(repo?.Properties.LifecyclePolicy.LifecyclePolicyText).toContain('"countNumber":30');
  });
});
