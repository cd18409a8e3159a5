// Everything that differs between accounts or deploys comes from CDK context (cdk.json, or `-c key=value`
// on the command line), checked here so that a typo stops the synth with a message that names the key
// instead of deploying something half-configured.
import type { Node } from 'constructs';

export interface ApiConfig {
  region: string;
  /** Exactly two, in `region`: one subnet, one Elastic IP and one NLB node per AZ. */
  availabilityZones: [string, string];
  /** The image tag in ECR to run: the git commit SHA that the deploy workflow built. */
  imageTag: string;
  /** "owner/name" of the GitHub repository whose workflow may deploy. */
  githubRepository: string;
  /** The protected GitHub environment that the deploy job runs in. */
  githubEnvironment: string;
  /** An existing GitHub OIDC provider (one per account and URL); empty: the stack creates it. */
  githubOidcProviderArn?: string;
  minTasks: number;
  maxTasks: number;
  logRetentionDays: number;
  /** Optional TLS at the ALB: an ACM certificate ARN in `region` and the DNS name it covers. */
  certificateArn?: string;
  dnsName?: string;
  /** Task size; the idempotency store of the server is sized from taskMemoryMiB. */
  taskCpu: number;
  taskMemoryMiB: number;
  /** CDK bootstrap qualifier, for the deploy role's permission to assume the bootstrap roles. */
  bootstrapQualifier: string;
}

export class ConfigError extends Error {}

type Raw = (key: string) => unknown;

function text(raw: Raw, key: string, pattern: RegExp, fallback?: string): string {
  const value = raw(key) ?? fallback;
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new ConfigError(`context "${key}" must match ${pattern}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalText(raw: Raw, key: string, pattern: RegExp): string | undefined {
  const value = raw(key);
  if (value === undefined || value === '') return undefined;
  return text(raw, key, pattern);
}

function whole(raw: Raw, key: string, fallback: number, min: number, max: number): number {
  const value = raw(key) ?? fallback;
  // `-c minTasks=3` arrives as the string "3"; cdk.json gives a number.
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`context "${key}" must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return n;
}

function zones(raw: Raw, region: string): [string, string] {
  let value = raw('availabilityZones');
  if (typeof value === 'string') value = value.split(',').map((s) => s.trim());
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((z) => typeof z === 'string' && z.startsWith(region) && /^[a-z0-9-]+[a-z]$/.test(z)) &&
    value[0] !== value[1];
  if (!ok) {
    throw new ConfigError(
      `context "availabilityZones" must be two different zones of ${region}, got ${JSON.stringify(value)}`,
    );
  }
  return value as [string, string];
}

// CloudWatch Logs accepts only these retention periods (days).
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653];

// Fargate's CPU units and the memory sizes each allows (MiB), for the sizes this service may use.
const FARGATE_SIZES: Record<number, [number, number]> = {
  256: [512, 2048],
  512: [1024, 4096],
  1024: [2048, 8192],
  2048: [4096, 16384],
};

export function readConfig(node: Node): ApiConfig {
  const raw: Raw = (key) => node.tryGetContext(key);
  const region = text(raw, 'region', /^[a-z]{2}(-[a-z]+)+-\d$/);
  const imageTag = text(raw, 'imageTag', /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, '');
  // A moving tag would make "what runs" unknowable and a rollback impossible; ECR refuses to overwrite tags.
  if (imageTag === 'latest') throw new ConfigError('context "imageTag" must name one build, not "latest"');
  const minTasks = whole(raw, 'minTasks', 2, 0, 50);
  const maxTasks = whole(raw, 'maxTasks', 6, 0, 50);
  if (maxTasks < minTasks) throw new ConfigError(`context "maxTasks" (${maxTasks}) is below minTasks`);
  const logRetentionDays = whole(raw, 'logRetentionDays', 90, 1, 3653);
  if (!RETENTION_DAYS.includes(logRetentionDays)) {
    throw new ConfigError(`context "logRetentionDays" must be one of ${RETENTION_DAYS.join(', ')}`);
  }
  const taskCpu = whole(raw, 'taskCpu', 256, 256, 2048);
  const sizes = FARGATE_SIZES[taskCpu];
  if (sizes === undefined) throw new ConfigError('context "taskCpu" must be 256, 512, 1024 or 2048');
  const taskMemoryMiB = whole(raw, 'taskMemoryMiB', 512, sizes[0], sizes[1]);
  const certificateArn = optionalText(
    raw,
    'certificateArn',
    /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/,
  );
  const dnsName = optionalText(raw, 'dnsName', /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/);
  if ((certificateArn === undefined) !== (dnsName === undefined)) {
    throw new ConfigError('contexts "certificateArn" and "dnsName" go together: set both or neither');
  }
  return {
    region,
    availabilityZones: zones(raw, region),
    imageTag,
    githubRepository: text(raw, 'githubRepository', /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/),
    githubEnvironment: text(raw, 'githubEnvironment', /^[A-Za-z0-9._-]{1,255}$/),
    githubOidcProviderArn: optionalText(
      raw,
      'githubOidcProviderArn',
      /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
    ),
    minTasks,
    maxTasks,
    logRetentionDays,
    certificateArn,
    dnsName,
    taskCpu,
    taskMemoryMiB,
    bootstrapQualifier: text(raw, 'bootstrapQualifier', /^[a-z0-9]{1,10}$/, 'hnb659fds'),
  };
}
