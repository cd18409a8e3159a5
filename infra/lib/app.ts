// Builds the CDK app: used by bin/app.ts (the CLI) and by the tests, so that both synthesize the same
// thing from the same cdk.json context.
import { App, type AppProps } from 'aws-cdk-lib';
import { ApiStack } from './api-stack';
import { addChecks, POLICY_DIR } from './checks';
import { readConfig } from './config';

export const STACK_NAME = 'SheetBridgeApi';

export function buildApp(props: AppProps = {}, policyDir = POLICY_DIR): { app: App; stack: ApiStack } {
  const app = new App(props);
  const stack = new ApiStack(app, STACK_NAME, readConfig(app.node), {
    description: 'SheetBridge prediction API: NLB (fixed IPs) -> internal ALB -> ECS Fargate',
  });
  addChecks(app, policyDir);
  return { app, stack };
}
