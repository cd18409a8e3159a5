import { loadSettings, requireBaseUrl } from '../../../src/core/settings';
import { settingsOf } from '../support/fakes';

describe('loadSettings', () => {
  it('applies the defaults of DESIGN.md', () => {
    expect(loadSettings(settingsOf({}))).toEqual({
      baseUrl: null,
      keyId: 'default',
      secret: null,
      model: 'default',
      batchRows: 500,
      parallel: 10,
      maxAttempts: 3,
      cacheTtlS: 21_600,
      lockSettings: false,
    });
  });

  it.each([
    'http://203.0.113.10',
    'https://api.example.com/ml',
    'http://127.0.0.1:8080',
    'https://API.example.com',
  ])('accepts the base URL %s', (url) => {
    expect(loadSettings(settingsOf({ SHEETBRIDGE_BASE_URL: url })).baseUrl).toBe(url);
  });

  it.each(['203.0.113.10', 'ftp://x', 'http://x/', 'http://x/?q=1', 'http://x:99999', 'not a url'])(
    'refuses the base URL %s with a message naming the key',
    (url) => {
      expect(() => loadSettings(settingsOf({ SHEETBRIDGE_BASE_URL: url }))).toThrow(
        expect.objectContaining({
          code: 'BAD_SETTING',
          message: expect.stringContaining('SHEETBRIDGE_BASE_URL'),
        }),
      );
    },
  );

  it.each([
    'http://10.0.0.5',
    'http://10.255.255.255:8080/ml',
    'http://172.16.0.1',
    'http://172.31.200.9',
    'https://192.168.1.20',
    'http://169.254.169.254',
    'http://[fc00::1]',
    'http://[FD12:3456:789a::1]:8080',
  ])('refuses the private address %s: Google cannot reach it', (url) => {
    expect(() => loadSettings(settingsOf({ SHEETBRIDGE_BASE_URL: url }))).toThrow(
      expect.objectContaining({
        code: 'BAD_SETTING',
        message: expect.stringMatching(
          /^SHEETBRIDGE_BASE_URL is ".*", a private address\. .*Google's servers.*cannot reach private addresses.*public IP or DNS name\.$/,
        ),
      }),
    );
  });

  it.each([
    'http://127.0.0.1:8080',
    'http://[::1]:8080',
    'http://localhost:3000',
    'http://172.15.0.1',
    'http://172.32.0.1',
    'http://11.0.0.1',
    'http://192.169.0.1',
    'http://169.253.0.1',
    'http://[fe80::1]',
    'http://[fc::1]',
    'https://10.example.com',
  ])('accepts %s: loopback and public addresses are reachable', (url) => {
    expect(loadSettings(settingsOf({ SHEETBRIDGE_BASE_URL: url })).baseUrl).toBe(url);
  });

  it.each([
    ['SHEETBRIDGE_BATCH_ROWS', '-5'],
    ['SHEETBRIDGE_BATCH_ROWS', '0'],
    ['SHEETBRIDGE_PARALLEL', 'ten'],
    ['SHEETBRIDGE_MAX_ATTEMPTS', '1.5'],
    ['SHEETBRIDGE_CACHE_TTL_S', '99999'],
    ['SHEETBRIDGE_LOCK_SETTINGS', 'yes'],
    ['SHEETBRIDGE_MODEL', 'a b'],
    ['SHEETBRIDGE_KEY_ID', '../etc'],
  ])('refuses %s=%s instead of replacing it silently', (key, value) => {
    expect(() => loadSettings(settingsOf({ [key]: value }))).toThrow(
      expect.objectContaining({ code: 'BAD_SETTING', message: expect.stringContaining(key) }),
    );
  });

  it('lets Document Properties override model, batch size and parallel width only', () => {
    const script = settingsOf({ SHEETBRIDGE_BASE_URL: 'http://203.0.113.10', SHEETBRIDGE_SECRET: 's3' });
    const document = settingsOf({
      SHEETBRIDGE_MODEL: 'churn-proba',
      SHEETBRIDGE_BATCH_ROWS: '100',
      SHEETBRIDGE_PARALLEL: '4',
      SHEETBRIDGE_BASE_URL: 'http://198.51.100.66',
      SHEETBRIDGE_SECRET: 'attacker',
    });
    const settings = loadSettings(script, document);
    expect(settings).toMatchObject({ model: 'churn-proba', batchRows: 100, parallel: 4 });
    expect(settings.baseUrl).toBe('http://203.0.113.10');
    expect(settings.secret).toBe('s3');
  });

  it('never puts the secret in an error text', () => {
    try {
      loadSettings(settingsOf({ SHEETBRIDGE_SECRET: 'top-secret-value', SHEETBRIDGE_PARALLEL: 'x' }));
    } catch (error) {
      expect(String(error)).not.toContain('top-secret-value');
    }
    expect.assertions(1);
  });

  it('says how to configure the base URL when it is missing', () => {
    expect(() => requireBaseUrl(loadSettings(settingsOf({})))).toThrow(
      expect.objectContaining({
        code: 'NOT_CONFIGURED',
        message: expect.stringContaining('SHEETBRIDGE_BASE_URL'),
      }),
    );
  });
});
