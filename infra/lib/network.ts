// The VPC: two AZs, public subnets for the NLB only, isolated subnets for the ALB and the tasks. There is
// no NAT gateway (about 35 USD a month per AZ and a path to the whole internet): the tasks reach only the
// AWS services they need, through VPC endpoints.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiConfig } from './config';

export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** Interface endpoints; the stack admits the tasks to them (and nothing else). */
  readonly endpoints: ec2.InterfaceVpcEndpoint[] = [];

  constructor(scope: Construct, id: string, config: ApiConfig) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      availabilityZones: config.availabilityZones,
      natGateways: 0,
      // Nothing uses the default security group; restricting it would need a custom-resource Lambda (an
      // asset to publish and a runtime to keep patched) for no gain here.
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 },
      ],
    });

    // Rejected and accepted flows, for the day someone asks who talked to what.
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    // S3 is where ECR keeps image layers; a gateway endpoint costs nothing.
    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [isolated] });
    const interfaces: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
      EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR, // image manifests, auth tokens
      EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, // image pulls
      Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, // the awslogs driver
      SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, // the signing keys at task start
      SsmMessages: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES, // ECS Exec sessions
    };
    for (const [name, service] of Object.entries(interfaces)) {
      // open: false: each endpoint's security group admits only what the stack allows it (the tasks).
      this.endpoints.push(
        this.vpc.addInterfaceEndpoint(name, {
          service,
          subnets: isolated,
          privateDnsEnabled: true,
          open: false,
        }),
      );
    }
  }
}
