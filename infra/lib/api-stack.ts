// One stack for the whole API side, environment-agnostic in account (no lookups: it synthesizes offline
// and the same template deploys to any account), with the region and AZs from context.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Access } from './access';
import type { ApiConfig } from './config';
import { LoadBalancers } from './load-balancers';
import { Network } from './network';
import { ApiService } from './service';

export class ApiStack extends Stack {
  readonly network: Network;
  readonly loadBalancers: LoadBalancers;
  readonly api: ApiService;
  readonly access: Access;

  constructor(scope: Construct, id: string, config: ApiConfig, props: StackProps = {}) {
    super(scope, id, { ...props, env: { region: config.region } });
    this.network = new Network(this, 'Network', config);
    this.loadBalancers = new LoadBalancers(this, 'Edge', this.network.vpc, config);
    this.api = new ApiService(this, 'Api', this.network.vpc, this.loadBalancers, config);
    this.access = new Access(this, 'Access', this.api, config);
    for (const endpoint of this.network.endpoints)
      endpoint.connections.allowDefaultPortFrom(this.api.service);

    const outputs: Record<string, [string, string]> = {
      EcrRepositoryUri: [this.api.repository.repositoryUri, 'docker push target (tag = git SHA)'],
      ClusterName: [this.api.cluster.clusterName, 'for ecs execute-command and describe-services'],
      ServiceName: [this.api.service.serviceName, 'the API service'],
      LogGroupName: [this.api.logGroup.logGroupName, 'API logs'],
      DeployRoleArn: [this.access.deployRole.roleArn, 'repository variable AWS_DEPLOY_ROLE_ARN'],
      SigningKeyASecretArn: [this.api.signingKeys[0]?.secretArn ?? '', 'signing key slot A'],
      SigningKeyBSecretArn: [this.api.signingKeys[1]?.secretArn ?? '', 'signing key slot B'],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value, description });
    }
  }
}
