import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { startReferenceServer } from '../../server/src/index';
import { KEY, ROWS } from './fixtures';
import { call } from './sign';

const MAIN = join(__dirname, '../../server/src/main.ts');

describe('graceful close', () => {
  it('lets an in-flight slow request finish, then refuses new connections', async () => {
    const server = await startReferenceServer({
      keys: { [KEY.keyId]: KEY.secret },
      faults: { latencyMs: 400 },
    });
    const inFlight = call({
      baseUrl: server.url,
      path: '/v1/predict',
      body: { model: 'default', rows: ROWS },
      key: KEY,
    });
    await new Promise((r) => setTimeout(r, 100));
    const closed = server.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.signatureValid).toBe(true);
    await closed;
    await expect(fetch(`${server.url}/v1/health`)).rejects.toThrow();
  });

  it('limits: the default body limit (5 MB) answers BODY_TOO_LARGE in the contract shape', async () => {
    const server = await startReferenceServer({});
    try {
      const rows = Array.from({ length: 1000 }, () => ['x'.repeat(6000)]);
      const res = await call({ baseUrl: server.url, path: '/v1/predict', body: { model: 'default', rows } });
      expect(res.status).toBe(413);
      expect(res.json.error).toMatchObject({
        code: 'BODY_TOO_LARGE',
        maxRows: 1000,
        maxBytes: 5 * 1024 * 1024,
      });
    } finally {
      await server.close();
    }
  });
});

/** Runs server/src/main.ts in its own node process (tsx as a loader, so signals reach it directly). */
function runMain(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (d) => {
    text += d;
  });
  child.stderr?.on('data', (d) => {
    text += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exit };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('main.ts (the container entry point)', () => {
  jest.setTimeout(30_000);

  it('starts from env, logs JSON without the secret, and exits 0 on SIGTERM after in-flight work', async () => {
    const secret = 'env-secret-do-not-log-123';
    const run = runMain({
      SB_KEYS: JSON.stringify({ [KEY.keyId]: secret }),
      SB_FAULTS: JSON.stringify({ latencyMs: 500 }),
      SB_ALLOW_FAULTS: 'true',
    });
    const port = await waitFor(() => run.output().match(/"port":(\d+)/)?.[1], 20_000);
    const url = `http://127.0.0.1:${port}`;
    const inFlight = call({
      baseUrl: url,
      path: '/v1/predict',
      body: { model: 'default', rows: ROWS },
      key: { ...KEY, secret },
    });
    await new Promise((r) => setTimeout(r, 150));
    run.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.signatureValid).toBe(true);
    expect(await run.exit).toBe(0);
    const lines = run.output().trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const requestLine = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request');
    expect(requestLine).toMatchObject({
      method: 'POST',
      path: '/v1/predict',
      status: 200,
      rows: 3,
      keyId: KEY.keyId,
    });
    expect(requestLine.durationMs).toEqual(expect.any(Number));
    expect(requestLine.reqId).toEqual(expect.any(String));
    expect(run.output()).not.toContain(secret);
    expect(run.output()).not.toContain(res.headers.get('x-sb-response-signature'));
    expect(run.output()).not.toContain('関東'); // no row contents
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ SB_KEYS: '{not json' }, 'SB_KEYS'],
    [{ SB_FAULTS: '{"latencyMs":10}' }, 'SB_ALLOW_FAULTS'],
    [{ SB_KEYS_FILE: '/nonexistent/keys.json' }, 'SB_KEYS_FILE'],
  ])('refuses to start with %j, naming %s', async (env, name) => {
    const run = runMain(env);
    const code = await run.exit;
    expect(code).not.toBe(0);
    expect(run.output()).toContain(name);
  });
});
