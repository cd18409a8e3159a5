import {
  isDocumentOverridable,
  loadSettings,
  requireBaseUrl,
  SETTING_KEYS,
  SETTING_RULES,
  settingProblem,
} from '../../../src/core/settings';
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
    'http://11.20.0.1',
    'http://11.168.0.1',
    'http://11.254.0.1',
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

  it('never shows what may be a credential in a refused URL: every user sees the error cells', () => {
    const messageFor = (url: string) => {
      try {
        loadSettings(settingsOf({ SHEETBRIDGE_BASE_URL: url }));
      } catch (error) {
        return String((error as Error).message);
      }
      return 'accepted';
    };
    expect(messageFor('https://user:tok3n@api.example.com/')).toContain(
      'but it is "https://...@api.example.com/"',
    );
    expect(messageFor('https://api.example.com/ml?key=tok3n')).toContain(
      'but it is "https://api.example.com/ml?..."',
    );
    expect(messageFor('ftp://api.example.com#tok3n')).toContain('but it is "ftp://api.example.com?..."');
    expect(messageFor('https://api.example.com/ml?key=tok 3n')).toContain(
      'but it is "https://api.example.com/ml?..."',
    );
    // Other settings' values are shown as they were typed.
    expect(() => loadSettings(settingsOf({ SHEETBRIDGE_MODEL: 'churn?v=2@x' }))).toThrow(
      'but it is "churn?v=2@x".',
    );
  });

  it('shows a refused value up to 40 characters, then cut', () => {
    const forty = `-${'a'.repeat(39)}`;
    expect(() => loadSettings(settingsOf({ SHEETBRIDGE_MODEL: forty }))).toThrow(`but it is "${forty}".`);
    expect(() => loadSettings(settingsOf({ SHEETBRIDGE_MODEL: `${forty}b` }))).toThrow(
      `but it is "${forty}...".`,
    );
  });

  it('names a private address as it was meant, without the spaces around it', () => {
    expect(() => loadSettings(settingsOf({ SHEETBRIDGE_BASE_URL: ' http://10.0.0.5 ' }))).toThrow(
      'SHEETBRIDGE_BASE_URL is "http://10.0.0.5", a private address.',
    );
  });

  it('takes a secret of spaces only as no secret, as every blank setting', () => {
    expect(loadSettings(settingsOf({ SHEETBRIDGE_SECRET: '   ' })).secret).toBeNull();
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

describe('reading values as people type them', () => {
  const URL_RULE =
    'an http:// or https:// address such as http://203.0.113.10 or https://api.example.com/ml, without a trailing slash';

  it('trims spaces and reads booleans in any case', () => {
    const settings = loadSettings(
      settingsOf({
        SHEETBRIDGE_BASE_URL: ' http://203.0.113.10:8080/ml ',
        SHEETBRIDGE_BATCH_ROWS: ' 250 ',
        SHEETBRIDGE_MODEL: ' churn ',
        SHEETBRIDGE_KEY_ID: ' k-2026.1 ',
        SHEETBRIDGE_LOCK_SETTINGS: ' TRUE ',
        SHEETBRIDGE_SECRET: ' s p a c e d ',
      }),
    );
    expect(settings).toMatchObject({
      baseUrl: 'http://203.0.113.10:8080/ml',
      batchRows: 250,
      model: 'churn',
      keyId: 'k-2026.1',
      lockSettings: true,
      secret: ' s p a c e d ',
    });
    expect(loadSettings(settingsOf({ SHEETBRIDGE_LOCK_SETTINGS: 'False' })).lockSettings).toBe(false);
  });

  it('takes a blank value as unset, in either store', () => {
    const script = settingsOf({
      SHEETBRIDGE_MODEL: 'churn',
      SHEETBRIDGE_PARALLEL: '  ',
      SHEETBRIDGE_BASE_URL: '',
    });
    const settings = loadSettings(script, settingsOf({ SHEETBRIDGE_MODEL: ' ' }));
    expect(settings).toMatchObject({ model: 'churn', parallel: 10, baseUrl: null });
  });

  it.each([
    ['SHEETBRIDGE_BATCH_ROWS', '1', 1],
    ['SHEETBRIDGE_BATCH_ROWS', '5000', 5000],
    ['SHEETBRIDGE_PARALLEL', '50', 50],
    ['SHEETBRIDGE_MAX_ATTEMPTS', '1', 1],
    ['SHEETBRIDGE_MAX_ATTEMPTS', '10', 10],
    ['SHEETBRIDGE_CACHE_TTL_S', '0', 0],
    ['SHEETBRIDGE_CACHE_TTL_S', '21600', 21600],
  ])('accepts the bound %s=%s', (key, raw, value) => {
    const settings = loadSettings(settingsOf({ [key]: raw })) as unknown as Record<string, unknown>;
    expect(Object.values(settings)).toContain(value);
  });

  it.each([
    ['SHEETBRIDGE_BATCH_ROWS', '5001', 'a whole number from 1 to 5000'],
    ['SHEETBRIDGE_PARALLEL', '0', 'a whole number from 1 to 50'],
    ['SHEETBRIDGE_PARALLEL', '51', 'a whole number from 1 to 50'],
    ['SHEETBRIDGE_MAX_ATTEMPTS', '0', 'a whole number from 1 to 10'],
    ['SHEETBRIDGE_MAX_ATTEMPTS', '11', 'a whole number from 1 to 10'],
    ['SHEETBRIDGE_CACHE_TTL_S', '21601', 'a whole number from 0 to 21600'],
    ['SHEETBRIDGE_LOCK_SETTINGS', 'on', '"true" or "false"'],
    ['SHEETBRIDGE_MODEL', 'a'.repeat(65), 'a name of letters, digits, ".", "_" or "-" (at most 64)'],
    ['SHEETBRIDGE_BASE_URL', 'http://x/', `${URL_RULE} (remove the final "/")`],
    ['SHEETBRIDGE_BASE_URL', 'http://x:0', URL_RULE],
  ])('refuses %s=%s, saying it must be %s and where to fix it', (key, raw, rule) => {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
    expect(() => loadSettings(settingsOf({ [key]: raw }))).toThrow(
      `${key} must be ${rule}, but it is "${shown}". Fix it in the Apps Script project settings (Script Properties) or in the SheetBridge sidebar.`,
    );
  });

  it('accepts every port from 1 to 65535 and an IPv6 loopback', () => {
    for (const url of ['http://h:1', 'http://h:65535', 'http://[::1]']) {
      expect(loadSettings(settingsOf({ SHEETBRIDGE_BASE_URL: url })).baseUrl).toBe(url);
    }
    expect(() => loadSettings(settingsOf({ SHEETBRIDGE_BASE_URL: 'http://h:65536' }))).toThrow(/BASE_URL/);
  });

  it('names the setting and an example when the base URL is missing', () => {
    expect(() => requireBaseUrl(loadSettings(settingsOf({})))).toThrow(
      'SheetBridge is not connected to an API yet: set SHEETBRIDGE_BASE_URL (for example http://203.0.113.10) in the Apps Script project settings or the SheetBridge sidebar.',
    );
    expect(requireBaseUrl(loadSettings(settingsOf({ SHEETBRIDGE_BASE_URL: 'http://h' })))).toBe('http://h');
  });
});

describe('the rules table', () => {
  it('says what is wrong in a form the sidebar can word in any language', () => {
    expect(settingProblem(SETTING_KEYS.batchRows, '0')).toEqual({ kind: 'whole-number', min: 1, max: 5000 });
    expect(settingProblem(SETTING_KEYS.cacheTtlS, '-1')).toEqual({
      kind: 'whole-number',
      min: 0,
      max: 21_600,
    });
    expect(settingProblem(SETTING_KEYS.baseUrl, 'http://x/')).toEqual({
      kind: 'url',
      reason: 'trailing-slash',
    });
    expect(settingProblem(SETTING_KEYS.baseUrl, 'http://10.1.2.3')).toEqual({
      kind: 'url',
      reason: 'private',
    });
    expect(settingProblem(SETTING_KEYS.keyId, 'bad key')).toEqual({ kind: 'name' });
    expect(settingProblem(SETTING_KEYS.lockSettings, 'yes')).toEqual({ kind: 'boolean' });
  });

  it.each([
    'http://8.8.8.8',
    'http://11.0.0.1',
    'http://172.15.0.1',
    'http://172.32.0.1',
    'http://192.169.0.1',
    'http://169.253.0.1',
    'http://a10.0.0.5',
    'http://10.0.0.5.nip.io',
    'http://[::fcab:1]',
    'http://[fe80::1]',
  ])('takes %s as a public address: only literal private ranges are refused', (url) => {
    expect(settingProblem(SETTING_KEYS.baseUrl, url)).toBeNull();
  });

  it.each(['ftp://203.0.113.10', 'xhttp://203.0.113.10', 'http://203.0.113.10 x', 'http://h:70000'])(
    'calls %s malformed',
    (url) => {
      expect(settingProblem(SETTING_KEYS.baseUrl, url)).toEqual({ kind: 'url', reason: 'form' });
    },
  );

  it('finds nothing wrong with a blank value, a good value, any secret or a key it does not know', () => {
    expect(settingProblem(SETTING_KEYS.parallel, '  ')).toBeNull();
    expect(settingProblem(SETTING_KEYS.parallel, '50')).toBeNull();
    expect(settingProblem(SETTING_KEYS.secret, ' any text ')).toBeNull();
    expect(settingProblem('SHEETBRIDGE_COLOUR', 'blue')).toBeNull();
  });

  it('lets a spreadsheet override exactly the model, the batch size and the parallel width', () => {
    const overridable = SETTING_RULES.filter((rule) => isDocumentOverridable(rule.key)).map(
      (rule) => rule.key,
    );
    expect(overridable).toEqual([SETTING_KEYS.model, SETTING_KEYS.batchRows, SETTING_KEYS.parallel]);
    expect(isDocumentOverridable('SHEETBRIDGE_COLOUR')).toBe(false);
  });

  it('holds every setting once, each default passing its own rule', () => {
    expect(SETTING_RULES.map((rule) => rule.key).sort()).toEqual(Object.values(SETTING_KEYS).sort());
    for (const rule of SETTING_RULES) {
      if (rule.defaultValue !== null)
        expect([rule.key, settingProblem(rule.key, String(rule.defaultValue))]).toEqual([rule.key, null]);
    }
  });
});
