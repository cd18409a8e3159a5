// Least privilege, read off every IAM policy in the template: the maintainers group and the deploy role
// write only to named resources, ECS Exec needs MFA, and nothing grants iam:* (a PassRole would need a
// condition).
import { resourcesOf, type Synthesized, synth } from './support';

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let s: Synthesized;
beforeAll(() => {
  s = synth();
});

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** Every statement of every identity policy, with the logical ids it is attached to. */
function statements(): { owner: string[]; statement: Statement }[] {
  return [...resourcesOf(s, 'AWS::IAM::Policy'), ...resourcesOf(s, 'AWS::IAM::ManagedPolicy')].flatMap(
    ([, p]) => {
      const owners = [...list(p.Roles ?? []), ...list(p.Groups ?? [])].map((r) => JSON.stringify(r));
      const doc = p.PolicyDocument as { Statement: Statement[] };
      return doc.Statement.map((statement) => ({ owner: owners, statement }));
    },
  );
}

const attachedTo = (logicalId: string) =>
  statements()
    .filter((x) => x.owner.some((o) => o.includes(`"${logicalId}"`)))
    .map((x) => x.statement);

// Reads: the verbs AWS uses for actions that change nothing.
const READ = /^[a-z0-9-]+:(Describe|List|Get|BatchGet|Filter|StartQuery|BatchCheck)/;

test('nothing grants iam:* except a PassRole with a condition', () => {
  for (const { statement } of statements()) {
    for (const action of list(statement.Action)) {
      if (!action.startsWith('iam:')) continue;
      expect(action).toBe('iam:PassRole');
      expect(statement.Condition).toBeDefined();
    }
  }
});

test('no policy allows a wildcard action', () => {
  for (const { statement } of statements()) {
    for (const action of list(statement.Action)) expect(action).not.toMatch(/\*/);
  }
});

describe('maintainers group', () => {
  const groupId = () => Object.keys(s.template.findResources('AWS::IAM::Group'))[0] as string;

  test('is called maintainers', () => {
    s.template.hasResourceProperties('AWS::IAM::Group', { GroupName: 'maintainers' });
  });

  test('writes only to named resources; "*" only for reads', () => {
    const policy = attachedTo(groupId());
    expect(policy.length).toBeGreaterThan(0);
    for (const statement of policy) {
      if (!list(statement.Resource).includes('*')) continue;
      for (const action of list(statement.Action)) expect(action).toMatch(READ);
    }
  });

  test('can read the logs and the service state', () => {
    const actions = attachedTo(groupId()).flatMap((st) => list(st.Action));
    expect(actions).toEqual(
      expect.arrayContaining([
        'logs:FilterLogEvents',
        'logs:GetLogEvents',
        'ecs:DescribeServices',
        'ecs:DescribeTasks',
      ]),
    );
  });

  test('ECS Exec only with MFA, only in the api container, only in this cluster', () => {
    const exec = attachedTo(groupId()).filter((st) => list(st.Action).includes('ecs:ExecuteCommand'));
    expect(exec).toHaveLength(1);
    expect(exec[0]?.Condition).toEqual({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      StringEquals: { 'ecs:container-name': 'api' },
    });
    expect(JSON.stringify(exec[0]?.Resource)).toContain('ApiCluster');
    expect(list(exec[0]?.Resource)).not.toContain('*');
  });

  test('cannot deploy or change the service itself (that goes through the pipeline)', () => {
    const actions = attachedTo(groupId()).flatMap((st) => list(st.Action));
    for (const forbidden of [
      'ecs:UpdateService',
      'ecs:RegisterTaskDefinition',
      'ecr:PutImage',
      'sts:AssumeRole',
    ]) {
      expect(actions).not.toContain(forbidden);
    }
  });
});

describe('GitHub deploy role', () => {
  const roleId = 'AccessDeployRole0FB8D2A1';

  test("is trusted only by this repository's protected environment, through GitHub's OIDC provider", () => {
    s.template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    const role = s.json.Resources[roleId]?.Properties as {
      AssumeRolePolicyDocument: { Statement: Statement[] };
    };
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: { Ref: 'AccessGitHubOidc47E45673' } },
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': 'repo:sheetbridge/sheetbridge:environment:production',
          },
        },
      },
    ]);
  });

  test('pushes only to the repository, assumes only the CDK bootstrap roles, "*" only for the ECR login', () => {
    const policy = attachedTo(roleId);
    for (const statement of policy) {
      if (list(statement.Resource).includes('*')) expect(statement.Action).toBe('ecr:GetAuthorizationToken');
    }
    const push = policy.find((st) => list(st.Action).includes('ecr:PutImage'));
    expect(push?.Resource).toEqual({ 'Fn::GetAtt': ['ApiRepositoryAADF3F12', 'Arn'] });
    const assume = policy.find((st) => list(st.Action).includes('sts:AssumeRole'));
    expect(JSON.stringify(assume?.Resource)).toMatch(/cdk-hnb659fds-deploy-role-/);
    expect(JSON.stringify(assume?.Resource)).not.toMatch(/role\/\*|"\*"/);
  });

  test('never registers task definitions itself: cdk deploy owns them', () => {
    const actions = attachedTo(roleId).flatMap((st) => list(st.Action));
    expect(actions).not.toContain('ecs:RegisterTaskDefinition');
  });
});
