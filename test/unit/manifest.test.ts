// The manifest decides what the add-on may touch (scopes) and reach (urlFetchWhitelist): a wrong field
// name is silently ignored by Apps Script, and a new scope widens what every user is asked to grant.
// So both appsscript.json and the built dist/appsscript.json are checked against a schema and an
// explicit list of allowed scopes, and the build-time allowlist logic (scripts/manifest.mjs) is tested.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const root = join(__dirname, '..', '..');

// Every scope here is explained in docs/security.md ("Scopes"). To add one, document the reason there
// first, then add it here: the failure message below says so.
const ALLOWED_SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets.currentonly', // read/write only the host spreadsheet
  'https://www.googleapis.com/auth/script.external_request', // UrlFetchApp to the prediction API
  'https://www.googleapis.com/auth/script.container.ui', // menu and sidebar
];

const schema = JSON.parse(readFileSync(join(__dirname, 'schemas', 'appsscript.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const manifests: Array<[string, string]> = [['appsscript.json', join(root, 'appsscript.json')]];
const distManifest = join(root, 'dist', 'appsscript.json');
// dist/ exists once `npm run build` ran (npm test builds first); a bare jest run may not have it.
if (existsSync(distManifest)) manifests.push(['dist/appsscript.json', distManifest]);

describe.each(manifests)('%s', (_name, path) => {
  const manifest = readJson(path);

  test('matches the Apps Script manifest schema', () => {
    const ok = validate(manifest);
    expect(ajv.errorsText(validate.errors, { separator: '\n' })).toBe(ok ? 'No errors' : '');
    expect(ok).toBe(true);
  });

  test('asks only for allowed OAuth scopes', () => {
    const scopes = (manifest.oauthScopes ?? []) as string[];
    const extra = scopes.filter((scope) => !ALLOWED_SCOPES.includes(scope));
    const hint =
      'Scope(s) not in the allowed list. Document why the add-on needs each one in docs/security.md ' +
      '("Scopes"), then add it to ALLOWED_SCOPES in test/unit/manifest.test.ts:';
    expect(extra.length === 0 ? [] : [hint, ...extra]).toEqual([]);
  });

  test('declares scopes explicitly and runs on V8', () => {
    // Without oauthScopes Apps Script infers scopes from the code, which can silently widen them.
    expect(manifest.oauthScopes).toEqual(expect.arrayContaining(ALLOWED_SCOPES));
    expect(manifest.runtimeVersion).toBe('V8');
  });
});

test('the schema refuses unknown top-level fields and bad allowlist prefixes', () => {
  expect(validate({ oauthScope: [] })).toBe(false);
  expect(validate({ urlFetchWhitelist: ['http://api.example.com/'] })).toBe(false);
  expect(validate({ urlFetchWhitelist: ['https://api.example.com'] })).toBe(false);
  expect(validate({ urlFetchWhitelist: ['https://203.0.113.10/'] })).toBe(false);
  expect(validate({ urlFetchWhitelist: ['https://api.example.com/ml/', 'https://*.example.org/'] })).toBe(
    true,
  );
});

// scripts/manifest.mjs is an ES module that esbuild.config.mjs imports; jest here runs CommonJS, so the
// cases run in one child node process that imports the module natively.
type Built = { manifest?: Record<string, unknown>; notes?: string[]; error?: string };
function buildManifests(cases: Array<[Record<string, unknown>, string | undefined]>): Built[] {
  const program = `
    import { buildManifest } from ${JSON.stringify(join(root, 'scripts', 'manifest.mjs'))};
    const cases = JSON.parse(process.argv[1]);
    const out = cases.map(([m, url]) => {
      try { return buildManifest(m, url ?? undefined); } catch (e) { return { error: e.message }; }
    });
    process.stdout.write(JSON.stringify(out));`;
  const stdout = execFileSync(process.execPath, [
    '--input-type=module',
    '-e',
    program,
    JSON.stringify(cases),
  ]);
  return JSON.parse(stdout.toString());
}

describe('buildManifest (scripts/manifest.mjs)', () => {
  const base = { timeZone: 'Etc/UTC', oauthScopes: [...ALLOWED_SCOPES] };
  const [none, http, ip, ipv6, https, httpsRoot, already, port, bare, garbage, ftp] = buildManifests([
    [base, undefined],
    [base, 'http://203.0.113.10'],
    [base, 'https://203.0.113.10/ml'],
    [base, 'https://[2001:db8::1]/'],
    [base, 'https://api.example.com/ml'],
    [base, 'https://API.example.com'],
    [{ ...base, urlFetchWhitelist: ['https://api.example.com/ml/'] }, 'https://api.example.com/ml'],
    [base, 'https://api.example.com:8443/ml/'],
    [base, 'https://localhost/'],
    [base, 'not a url'],
    [base, 'ftp://api.example.com/'],
  ]) as Built[];

  test('adds an https prefix that ends with "/" for a domain name', () => {
    expect(https?.manifest?.urlFetchWhitelist).toEqual(['https://api.example.com/ml/']);
    expect(httpsRoot?.manifest?.urlFetchWhitelist).toEqual(['https://api.example.com/']);
    expect(port?.manifest?.urlFetchWhitelist).toEqual(['https://api.example.com:8443/ml/']);
    expect(https?.notes?.join()).toContain('added https://api.example.com/ml/');
    expect(validate(https?.manifest)).toBe(true);
  });

  test('keeps every other field and does not duplicate an existing entry', () => {
    expect(https?.manifest).toMatchObject(base);
    expect(already?.manifest?.urlFetchWhitelist).toEqual(['https://api.example.com/ml/']);
  });

  test('adds nothing for http, an IP, a bare host or no URL, and says why', () => {
    for (const result of [none, http, ip, ipv6, bare]) {
      expect(result?.manifest).toEqual(base);
      expect(result?.notes).toHaveLength(1);
    }
    expect(none?.notes?.[0]).toContain('not set');
    expect(http?.notes?.[0]).toContain('https prefixes only');
    expect(ip?.notes?.[0]).toContain('IP address');
    expect(ipv6?.notes?.[0]).toContain('IP address');
    expect(bare?.notes?.[0]).toContain('full domain');
  });

  test('refuses a value that is not an http(s) URL, naming the variable', () => {
    expect(garbage?.error).toContain('SHEETBRIDGE_BASE_URL');
    expect(ftp?.error).toContain('SHEETBRIDGE_BASE_URL');
  });
});
