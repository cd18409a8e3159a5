// The API itself: the ECR repository its images live in, the signing keys, and the Fargate service
// behind the internal ALB. The task definition is owned by this stack alone: the deploy workflow changes
// what runs only through `cdk deploy -c imageTag=<git sha>`, never by registering task definitions itself.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { nagArn } from './checks';
import type { ApiConfig } from './config';
import { API_PORT, type LoadBalancers } from './load-balancers';

export const CONTAINER_NAME = 'api';
/** The image's `node` user (uid:gid 1000): the process never runs as root. */
export const CONTAINER_USER = '1000:1000';
// Paths ECS Exec's managed agent writes to. With a read-only root filesystem they must be writable
// volumes, or the agent dies and exec fails (aws/containers-roadmap#1359 describes this workaround).
const EXEC_AGENT_PATHS = ['/managed-agents', '/var/lib/amazon/ssm', '/var/log/amazon/ssm'];

export class ApiService extends Construct {
  readonly repository: ecr.Repository;
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly logGroup: logs.LogGroup;
  readonly execLogGroup: logs.LogGroup;
  readonly signingKeys: secretsmanager.Secret[];

  constructor(scope: Construct, id: string, vpc: ec2.IVpc, lbs: LoadBalancers, config: ApiConfig) {
    super(scope, id);
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: 'sheetbridge-api',
      // A tag is a commit: it can never point at other bytes, so a rollback runs exactly what ran before.
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      lifecycleRules: [{ description: 'keep the last 30 builds (rollback targets)', maxImageCount: 30 }],
      // Images are the deploy history; deleting the stack must not delete them.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Two key slots, so that a rotation adds the new key beside the old one (docs/runbook.md). Each holds
    // {"<keyId>": "<secret>"} as the server's SB_KEYS_<SLOT> reads it; the first values are generated here.
    this.signingKeys = ['A', 'B'].map((slot) => {
      const secret = new secretsmanager.Secret(this, `SigningKey${slot}`, {
        description: `SheetBridge SB1 signing key, slot ${slot}: {"keyId": "secret"}`,
        generateSecretString: {
          secretStringTemplate: '{}',
          generateStringKey: `${slot.toLowerCase()}1`,
          passwordLength: 48,
          excludePunctuation: true,
        },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          "A new key is only useful once the add-on's SHEETBRIDGE_KEY_ID/SECRET are changed too, which no rotation Lambda can do; the two-slot manual rotation in docs/runbook.md keeps both sides in step.",
      });
      return secret;
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: '/sheetbridge/api',
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // What outside maintainers typed in ECS Exec sessions: an audit trail, kept as long as the API logs.
    this.execLogGroup = new logs.LogGroup(this, 'ExecLogs', {
      logGroupName: '/sheetbridge/api-exec',
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      executeCommandConfiguration: {
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: { cloudWatchLogGroup: this.execLogGroup },
      },
    });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: config.taskCpu,
      memoryLimitMiB: config.taskMemoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const container = taskDefinition.addContainer(CONTAINER_NAME, {
      image: ecs.ContainerImage.fromEcrRepository(this.repository, config.imageTag),
      user: CONTAINER_USER,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: API_PORT }],
      environment: {
        SB_REQUIRE_SIGNATURE: 'true',
        LOG_LEVEL: 'info',
        // An eighth of the task's memory for stored idempotent answers (about 200 KB per 1,000 rows).
        SB_IDEMPOTENCY_MAX_BYTES: String(Math.floor((config.taskMemoryMiB * 1024 * 1024) / 8)),
      },
      secrets: {
        SB_KEYS_A: ecs.Secret.fromSecretsManager(this.signingKeys[0] as secretsmanager.Secret),
        SB_KEYS_B: ecs.Secret.fromSecretsManager(this.signingKeys[1] as secretsmanager.Secret),
      },
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'api' }),
      // main.ts drains in-flight requests on SIGTERM; ECS waits this long before SIGKILL.
      stopTimeout: Duration.seconds(30),
    });
    Validations.of(taskDefinition.taskRole).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ECS Exec: the ssmmessages channel actions accept no resource ARN (AWS service authorization reference).',
      },
      {
        id: `AwsSolutions-IAM5[${nagArn(this, 'logs', (ref) => `log-group:${ref(this.execLogGroup)}:*`)}]`,
        reason: 'ECS Exec session logs: any log stream, but only in the exec log group of this service.',
      },
    );
    Validations.of(taskDefinition.obtainExecutionRole()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only ecr:GetAuthorizationToken, which AWS offers on "*" alone; image pulls are limited to the repository.',
    });
    for (const [i, containerPath] of EXEC_AGENT_PATHS.entries()) {
      taskDefinition.addVolume({ name: `exec-agent-${i}` });
      container.addMountPoints({ containerPath, sourceVolume: `exec-agent-${i}`, readOnly: false });
    }
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds only non-secret settings; the signing keys come from Secrets Manager as container secrets.',
    });

    const taskSecurityGroup = new ec2.SecurityGroup(this, 'TaskSg', {
      vpc,
      description: 'SheetBridge API tasks: only from the ALB',
      // Egress stays open inside the VPC only: with no NAT the VPC endpoints are all there is to reach.
      allowAllOutbound: true,
    });
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition,
      desiredCount: config.minTasks,
      assignPublicIp: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [taskSecurityGroup],
      enableExecuteCommand: true,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(30),
      platformVersion: ecs.FargatePlatformVersion.LATEST,
    });
    this.service.connections.allowFrom(lbs.alb, ec2.Port.tcp(API_PORT), 'from the ALB');

    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      vpc,
      port: API_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      targets: [this.service.loadBalancerTarget({ containerName: CONTAINER_NAME, containerPort: API_PORT })],
      healthCheck: { path: '/v1/health', healthyHttpCodes: '200', interval: Duration.seconds(10) },
      // Shorter than the task's stopTimeout, so in-flight requests finish before SIGKILL could come.
      deregistrationDelay: Duration.seconds(25),
    });
    for (const listener of lbs.albListeners) listener.addTargetGroups('Api', { targetGroups: [targetGroup] });

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: config.minTasks,
      maxCapacity: config.maxTasks,
    });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: 60,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
    // A predict request carries up to 1,000 rows; 600 a minute per task keeps CPU well below saturation.
    scaling.scaleOnRequestCount('Requests', {
      requestsPerTarget: 600,
      targetGroup,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
  }
}
