/** The page's checks say yes/no exactly where the server's loadSettings does, in the user's words. */
import { loadSettings, SETTING_KEYS } from '../../src/core/settings';
import { t } from '../../src/i18n';
import { checkSetting, checkTargetColumn } from '../../src/ui/sidebar/validation';

const serverAccepts = (key: string, raw: string) => {
  try {
    loadSettings((k) => (k === key ? raw : null));
    return true;
  } catch {
    return false;
  }
};

const CASES: Array<[string, string[]]> = [
  [
    SETTING_KEYS.baseUrl,
    [
      'http://203.0.113.10',
      'https://api.example.com/ml',
      'http://h:8080',
      'ftp://x',
      'http://x/',
      'http://x?q',
      'x',
      'http://a b',
      'http://x:99999',
      'http://10.0.0.5',
      'http://172.31.255.1:8080',
      'http://172.32.0.1',
      'http://[fd12:3456::1]',
      'http://[::1]:8080',
    ],
  ],
  [SETTING_KEYS.keyId, ['default', 'k-2026.01', 'bad key', '-x', 'a'.repeat(64), 'a'.repeat(65)]],
  [SETTING_KEYS.model, ['churn', 'churn/v2']],
  [SETTING_KEYS.batchRows, ['1', '5000', '0', '5001', '1.5', '-3', 'ten']],
  [SETTING_KEYS.parallel, ['1', '50', '51']],
  [SETTING_KEYS.maxAttempts, ['10', '11']],
  [SETTING_KEYS.cacheTtlS, ['0', '21600', '21601']],
  [SETTING_KEYS.lockSettings, ['true', 'FALSE', 'yes']],
];

describe('checkSetting', () => {
  it.each(CASES)('agrees with the server on %s', (key, values) => {
    for (const raw of values)
      expect([raw, checkSetting(key, raw) === null]).toEqual([raw, serverAccepts(key, raw)]);
  });

  it('accepts an empty value: it means "back to the default"', () => {
    expect(checkSetting(SETTING_KEYS.baseUrl, '  ')).toBeNull();
  });

  it('names the range the server uses, in English and Japanese', () => {
    const problem = checkSetting(SETTING_KEYS.batchRows, '0');
    expect(problem).toEqual({ key: 'sidebar.invalid.number', params: { min: 1, max: 5000 } });
    if (!problem) throw new Error('unreachable');
    expect(t('en', problem.key, problem.params)).toBe('Enter a whole number from 1 to 5000.');
    expect(t('ja', problem.key, problem.params)).toBe('1〜5000 の整数を入力してください。');
    expect(checkSetting(SETTING_KEYS.cacheTtlS, '-1')?.params).toEqual({ min: 0, max: 21600 });
  });

  it('says why a private address is refused, in both languages', () => {
    const problem = checkSetting(SETTING_KEYS.baseUrl, 'http://192.168.1.20:8080');
    expect(problem?.key).toBe('sidebar.invalid.urlPrivate');
    if (!problem) throw new Error('unreachable');
    expect(t('en', problem.key)).toContain('public IP or DNS name');
    expect(t('ja', problem.key)).toContain('パブリック IP');
  });

  it('tells a trailing slash apart from other bad addresses', () => {
    expect(checkSetting(SETTING_KEYS.baseUrl, 'http://x/')?.key).toBe('sidebar.invalid.urlSlash');
    expect(checkSetting(SETTING_KEYS.baseUrl, 'x')?.key).toBe('sidebar.invalid.url');
  });
});

describe('checkTargetColumn', () => {
  it('takes empty or one to three letters', () => {
    expect(['', 'E', 'ab', 'ZZZ', 'AAAA', '1', 'E1'].map((raw) => checkTargetColumn(raw) === null)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
