// The written contract (docs/openapi.yaml) and the reference server must agree: every real answer the
// server gives is validated against the response schema documented for its path, method and status.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { type ReferenceServer, startReferenceServer } from '../../server/src/index';
import { KEY, ROWS } from './fixtures';
import { type CallResult, call, sb1Headers } from './sign';

const DOC_ID = 'https://sheetbridge.invalid/openapi.json';
// biome-ignore lint/suspicious/noExplicitAny: a parsed YAML document is walked by key
const doc: any = parse(readFileSync(join(__dirname, '../../docs/openapi.yaml'), 'utf8'));
// OpenAPI 3.1 schemas are JSON Schema 2020-12; the document's other keywords are not schema keywords.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: DOC_ID });

const pointerToken = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON pointer of the documented schema for an answer, following a $ref to components/responses. */
function responseSchemaPointer(
  path: string,
  method: string,
  status: number,
  contentType = 'application/json',
) {
  const op = doc.paths[path]?.[method];
  if (op === undefined) throw new Error(`${method} ${path} is not documented`);
  let pointer = `/paths/${pointerToken(path)}/${method}/responses/${status}`;
  let response = op.responses[String(status)];
  if (response === undefined) throw new Error(`${status} is not documented for ${method} ${path}`);
  if (response.$ref !== undefined) {
    pointer = (response.$ref as string).slice(1);
    response = doc.components.responses[(response.$ref as string).split('/').pop() as string];
  }
  if (response.content?.[contentType] === undefined) throw new Error(`${contentType} not documented`);
  return `${pointer}/content/${pointerToken(contentType)}/schema`;
}

function expectDocumented(path: string, method: 'get' | 'post', res: CallResult) {
  const validate = ajv.compile({ $ref: `${DOC_ID}#${responseSchemaPointer(path, method, res.status)}` });
  const ok = validate(res.json);
  if (!ok) throw new Error(`${method} ${path} ${res.status} ${res.raw}: ${ajv.errorsText(validate.errors)}`);
}

describe('docs/openapi.yaml matches the server', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({
      keys: { [KEY.keyId]: KEY.secret },
      maxRows: 10,
      maxBodyBytes: 10_000,
    });
  });
  afterAll(() => server.close());
  afterEach(() => server.setFaults(undefined));

  const predict = (body: unknown, extra: Partial<Parameters<typeof call>[0]> = {}) =>
    call({ baseUrl: server.url, path: '/v1/predict', body, key: KEY, ...extra });

  it('is an OpenAPI 3.1 document whose examples are valid requests', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validate = ajv.compile({ $ref: `${DOC_ID}#/components/schemas/PredictRequest` });
    const examples = doc.paths['/v1/predict'].post.requestBody.content['application/json'].examples;
    for (const example of Object.values(examples) as Array<{ value: unknown }>)
      expect(validate(example.value)).toBe(true);
  });

  it('200 predict: numbers, arrays and per-row errors', async () => {
    expectDocumented('/v1/predict', 'post', await predict({ model: 'default', rows: [...ROWS, ['bad']] }));
    expectDocumented('/v1/predict', 'post', await predict({ model: 'churn-proba', rows: ROWS }));
  });

  it('400 for a schema failure and for bad columns', async () => {
    const schema = await predict({ model: 'default' });
    const columns = await predict({ model: 'default', columns: ['nope'], rows: [] });
    for (const res of [schema, columns]) {
      expect(res.status).toBe(400);
      expectDocumented('/v1/predict', 'post', res);
    }
  });

  it('401 for each authentication failure', async () => {
    const body = { model: 'default', rows: [] };
    const raw = Buffer.from(JSON.stringify(body));
    const headers = sb1Headers({ ...KEY, method: 'POST', pathAndQuery: '/v1/predict', body: raw });
    const first = await call({ baseUrl: server.url, path: '/v1/predict', body: raw, headers });
    expect(first.status).toBe(200);
    const answers = [
      await predict(body, { key: undefined }),
      await predict(body, { key: { keyId: 'nobody', secret: 'x' } }),
      await predict(body, { timestamp: 1 }),
      await predict(body, { key: { ...KEY, secret: 'wrong' } }),
      await call({ baseUrl: server.url, path: '/v1/predict', body: raw, headers }),
    ];
    expect(answers.map((a) => a.json.error.code)).toEqual([
      'AUTH_MISSING',
      'AUTH_UNKNOWN_KEY',
      'AUTH_STALE_TIMESTAMP',
      'AUTH_BAD_SIGNATURE',
      'AUTH_REPLAYED_NONCE',
    ]);
    for (const res of answers) expectDocumented('/v1/predict', 'post', res);
    expectDocumented('/v1/models', 'get', await call({ baseUrl: server.url, path: '/v1/models' }));
  });

  it('413 for too many rows and for too many bytes', async () => {
    const rows = await predict({ model: 'default', rows: Array.from({ length: 11 }, () => ROWS[0]) });
    const bytes = await predict({ model: 'default', rows: [['x'.repeat(20_000)]] });
    expect([rows.status, bytes.status]).toEqual([413, 413]);
    expectDocumented('/v1/predict', 'post', rows);
    expectDocumented('/v1/predict', 'post', bytes);
  });

  it('415 for a body not declared as JSON', async () => {
    const res = await predict(
      { model: 'default', rows: ROWS },
      { headers: { 'content-type': 'text/plain' } },
    );
    expect(res.status).toBe(415);
    expectDocumented('/v1/predict', 'post', res);
  });

  it('422 for an unknown model and an idempotency mismatch; 409 while in progress', async () => {
    expectDocumented('/v1/predict', 'post', await predict({ model: 'nope', rows: [] }));
    const headers = { 'Idempotency-Key': 'openapi-1' };
    await predict({ model: 'default', rows: [] }, { headers });
    const mismatch = await predict({ model: 'default', rows: ROWS }, { headers });
    expect(mismatch.status).toBe(422);
    expectDocumented('/v1/predict', 'post', mismatch);
    server.setFaults({ latencyMs: 200 });
    const slow = predict({ model: 'default', rows: [] }, { headers: { 'Idempotency-Key': 'openapi-2' } });
    await new Promise((r) => setTimeout(r, 50));
    const busy = await predict(
      { model: 'default', rows: [] },
      { headers: { 'Idempotency-Key': 'openapi-2' } },
    );
    expect(busy.status).toBe(409);
    expectDocumented('/v1/predict', 'post', busy);
    await slow;
  });

  it('429, 500, 503 injected answers', async () => {
    server.setFaults({ statusSequence: [{ status: 429, retryAfterS: 1 }, { status: 500 }, { status: 503 }] });
    for (const status of [429, 500, 503]) {
      const res = await predict({ model: 'default', rows: [] });
      expect(res.status).toBe(status);
      expectDocumented('/v1/predict', 'post', res);
    }
  });

  it('health and models', async () => {
    expectDocumented('/v1/health', 'get', await call({ baseUrl: server.url, path: '/v1/health' }));
    expectDocumented('/v1/models', 'get', await call({ baseUrl: server.url, path: '/v1/models', key: KEY }));
  });
});
