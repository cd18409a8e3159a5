// Who may touch the API in AWS: the outside maintenance company's IAM users (group `maintainers`) and
// the GitHub deploy workflow (an OIDC role, no stored keys). Every write names its resources; reads are
// account-wide only where AWS offers no resource-level permission. Nothing here grants iam:*.
import { Arn, ArnFormat, Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { nagArn } from './checks';
import type { ApiConfig } from './config';
import { type ApiService, CONTAINER_NAME } from './service';

const GITHUB_OIDC_URL = 'token.actions.githubusercontent.com';
const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

export class Access extends Construct {
  readonly maintainers: iam.Group;
  readonly deployRole: iam.Role;

  constructor(scope: Construct, id: string, api: ApiService, config: ApiConfig) {
    super(scope, id);
    const stack = Stack.of(this);
    const clusterName = api.cluster.clusterName;
    const tasksArn = stack.formatArn({
      service: 'ecs',
      resource: 'task',
      resourceName: `${clusterName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const logGroupArns = [api.logGroup.logGroupArn, api.execLogGroup.logGroupArn];

    this.maintainers = new iam.Group(this, 'Maintainers', { groupName: 'maintainers' });
    const readOnly = new iam.ManagedPolicy(this, 'MaintainersPolicy', {
      description: 'SheetBridge API: read logs and state, ECS Exec into the api container with MFA',
      groups: [this.maintainers],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadServiceState',
          actions: ['ecs:DescribeClusters', 'ecs:DescribeServices', 'ecs:DescribeTasks'],
          resources: [api.cluster.clusterArn, api.service.serviceArn, tasksArn],
        }),
        new iam.PolicyStatement({
          // The list actions take no cluster ARN as resource; the ecs:cluster condition scopes them.
          sid: 'ListInCluster',
          actions: ['ecs:ListTasks', 'ecs:ListServices'],
          resources: ['*'],
          conditions: { ArnEquals: { 'ecs:cluster': api.cluster.clusterArn } },
        }),
        new iam.PolicyStatement({
          sid: 'ReadLogs',
          actions: [
            'logs:DescribeLogStreams',
            'logs:GetLogEvents',
            'logs:FilterLogEvents',
            'logs:StartQuery',
          ],
          resources: logGroupArns,
        }),
        new iam.PolicyStatement({
          sid: 'ReadImages',
          actions: ['ecr:DescribeImages', 'ecr:ListImages', 'ecr:DescribeImageScanFindings'],
          resources: [api.repository.repositoryArn],
        }),
        new iam.PolicyStatement({
          // These actions accept no resource ARN (AWS's service authorization reference): read-only.
          sid: 'ReadWithoutResourceLevel',
          actions: [
            'ecs:ListClusters',
            'ecs:DescribeTaskDefinition',
            'elasticloadbalancing:DescribeLoadBalancers',
            'elasticloadbalancing:DescribeListeners',
            'elasticloadbalancing:DescribeTargetGroups',
            'elasticloadbalancing:DescribeTargetHealth',
            'cloudwatch:GetMetricData',
            'cloudwatch:ListMetrics',
            'logs:DescribeLogGroups',
            'logs:GetQueryResults',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          // A shell in a production container: only with MFA, and only in the API container of this cluster.
          sid: 'EcsExecWithMfa',
          actions: ['ecs:ExecuteCommand'],
          resources: [api.cluster.clusterArn, tasksArn],
          conditions: { ...MFA, StringEquals: { 'ecs:container-name': CONTAINER_NAME } },
        }),
      ],
    });
    Validations.of(readOnly).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only list/describe/metric/query-result reads that AWS offers on "*" alone (ReadWithoutResourceLevel), and task and service listing limited by the ecs:cluster condition (ListInCluster).',
      },
      {
        id: `AwsSolutions-IAM5[${nagArn(this, 'ecs', (ref) => `task/${ref(api.cluster)}/*`)}]`,
        reason: 'Task ids are random per task: the pattern is limited to tasks of this one cluster.',
      },
    );

    const provider = config.githubOidcProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, 'GitHubOidc', config.githubOidcProviderArn)
      : new iam.OidcProviderNative(this, 'GitHubOidc', {
          url: `https://${GITHUB_OIDC_URL}`,
          clientIds: ['sts.amazonaws.com'],
        });
    this.deployRole = new iam.Role(this, 'DeployRole', {
      description: `GitHub Actions deploy of the SheetBridge API, from ${config.githubRepository} only`,
      maxSessionDuration: Duration.hours(1),
      // Only jobs of this repository that run in the protected environment (required reviewers, main
      // branch only: docs/runbook.md) get a token with this subject.
      assumedBy: new iam.OpenIdConnectPrincipal(provider, {
        StringEquals: {
          [`${GITHUB_OIDC_URL}:aud`]: 'sts.amazonaws.com',
          [`${GITHUB_OIDC_URL}:sub`]: `repo:${config.githubRepository}:environment:${config.githubEnvironment}`,
        },
      }),
    });
    const bootstrapRole = (kind: string) =>
      Arn.format(
        {
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: `cdk-${config.bootstrapQualifier}-${kind}-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
        },
        stack,
      );
    // `cdk deploy` works through the bootstrap roles: CloudFormation does the changes, not this role.
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'CdkBootstrapRoles',
        actions: ['sts:AssumeRole'],
        resources: ['deploy-role', 'file-publishing-role', 'lookup-role'].map(bootstrapRole),
      }),
    );
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PushImage',
        actions: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:CompleteLayerUpload',
          'ecr:DescribeImages',
          'ecr:InitiateLayerUpload',
          'ecr:PutImage',
          'ecr:UploadLayerPart',
        ],
        resources: [api.repository.repositoryArn],
      }),
    );
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    );
    // Restarts the same task definition after a key rotation (tasks read their secrets at start).
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RestartService',
        actions: ['ecs:UpdateService', 'ecs:DescribeServices'],
        resources: [api.service.serviceArn],
      }),
    );
    Validations.of(this.deployRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only ecr:GetAuthorizationToken, which AWS offers on "*" alone; pushes are limited to the one repository.',
    });
  }
}
