// The public edge: an internet-facing NLB holding one Elastic IP per AZ (the add-on's fixed address),
// forwarding TCP to an internal ALB that does HTTP health checks, (optionally) TLS and routing to tasks.
// Apps Script's UrlFetchApp refuses private addresses and cannot allowlist a bare IP, so the public,
// never-changing IP is the contract with every installed copy of the add-on.
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { AlbListenerTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ApiConfig } from './config';

export const API_PORT = 8080;

export class LoadBalancers extends Construct {
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly albListeners: elbv2.ApplicationListener[] = [];
  readonly nlb: elbv2.NetworkLoadBalancer;
  readonly elasticIps: ec2.CfnEIP[] = [];

  constructor(scope: Construct, id: string, vpc: ec2.IVpc, config: ApiConfig) {
    super(scope, id);
    const logBucket = new s3.Bucket(this, 'AccessLogs', {
      // ELB access logs support SSE-S3 only.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket only receives the load balancers' access logs; logging it to another bucket adds a bucket and nothing to read.",
    });

    const publicSubnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PUBLIC }).subnets;
    const subnetMappings = publicSubnets.map((subnet, i) => {
      const eip = new ec2.CfnEIP(this, `Ip${i + 1}`, {
        domain: 'vpc',
        tags: [{ key: 'Name', value: `sheetbridge-api-${i + 1}` }],
      });
      // RETAIN on delete AND on replacement: these addresses are configured in every user's add-on.
      // The logical ids (Ip1, Ip2) must never change either: a new id is a new address.
      eip.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.elasticIps.push(eip);
      return { subnet, allocationId: eip.attrAllocationId };
    });

    const nlbSecurityGroup = new ec2.SecurityGroup(this, 'NlbSg', {
      vpc,
      description: 'SheetBridge NLB: the public API ports',
      allowAllOutbound: false,
    });
    const ports = config.certificateArn === undefined ? [80] : [80, 443];
    for (const port of ports)
      nlbSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), 'the API');
    Validations.of(nlbSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        "A public API for Google Apps Script: its requests come from Google's shared, changing address ranges, so no allowlist is possible; every request is authenticated by its SB1 signature instead.",
    });

    this.nlb = new elbv2.NetworkLoadBalancer(this, 'Nlb', {
      vpc,
      internetFacing: true,
      subnetMappings,
      securityGroups: [nlbSecurityGroup],
      crossZoneEnabled: true,
    });
    // NLB access logs cover TLS listeners only; the ALB below logs every request.
    this.nlb.logAccessLogs(logBucket, 'nlb');

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSg', {
      vpc,
      description: 'SheetBridge internal ALB: only from the NLB',
      allowAllOutbound: false,
    });
    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      // 60 s is the default; stated because the server's keep-alive timeout (65 s) is chosen above it.
      idleTimeout: Duration.seconds(60),
    });
    this.alb.logAccessLogs(logBucket, 'alb');

    for (const port of ports) {
      albSecurityGroup.addIngressRule(nlbSecurityGroup, ec2.Port.tcp(port), 'from the NLB');
      nlbSecurityGroup.addEgressRule(albSecurityGroup, ec2.Port.tcp(port), 'to the ALB');
      const listener =
        port === 443
          ? this.alb.addListener('Https', {
              port,
              protocol: elbv2.ApplicationProtocol.HTTPS,
              certificates: [elbv2.ListenerCertificate.fromArn(config.certificateArn as string)],
              sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
              open: false,
            })
          : this.alb.addListener('Http', { port, protocol: elbv2.ApplicationProtocol.HTTP, open: false });
      this.albListeners.push(listener);
      // TCP passthrough to the ALB: TLS (when on) ends at the ALB, which holds the certificate.
      const toAlb = new elbv2.NetworkTargetGroup(this, `ToAlb${port}`, {
        vpc,
        port,
        protocol: elbv2.Protocol.TCP,
        targetType: elbv2.TargetType.ALB,
        targets: [new AlbListenerTarget(listener)],
        healthCheck: {
          protocol: port === 443 ? elbv2.Protocol.HTTPS : elbv2.Protocol.HTTP,
          path: '/v1/health',
          interval: Duration.seconds(10),
        },
      });
      this.nlb.addListener(`Tcp${port}`, {
        port,
        protocol: elbv2.Protocol.TCP,
        defaultTargetGroups: [toAlb],
      });
    }

    this.elasticIps.forEach((eip, i) => {
      new CfnOutput(scope, `NlbIp${i + 1}`, {
        value: eip.attrPublicIp,
        description: `Fixed public IP ${i + 1} of the API (retained even if the stack is deleted)`,
      });
    });
    const first = this.elasticIps[0]?.attrPublicIp;
    new CfnOutput(scope, 'ApiBaseUrl', {
      value: config.dnsName === undefined ? `http://${first}` : `https://${config.dnsName}`,
      description: 'SHEETBRIDGE_BASE_URL for the add-on',
    });
    if (config.dnsName !== undefined) {
      new CfnOutput(scope, 'DnsRecords', {
        value: `${config.dnsName} A ${first} ${this.elasticIps[1]?.attrPublicIp}`,
        description: 'The A records to create for the DNS name (the certificate must cover it)',
      });
    }
  }
}
