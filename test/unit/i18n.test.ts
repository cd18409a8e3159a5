import { ERROR_CODES } from '../../src/core/errors';
import { languageOf, t } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { ja } from '../../src/i18n/ja';

describe('message catalogues', () => {
  it('English and Japanese have the same keys, none empty', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const text of [...Object.values(en), ...Object.values(ja)]) expect(text.trim()).not.toBe('');
  });

  it('has a title for every error code', () => {
    for (const code of ERROR_CODES) expect(Object.keys(en)).toContain(`error.${code}`);
  });

  it('picks Japanese for ja locales only', () => {
    expect(['ja', 'ja_JP', 'ja-JP', 'en_US', 'jav', null].map(languageOf)).toEqual([
      'ja',
      'ja',
      'ja',
      'en',
      'en',
      'en',
    ]);
    expect(t('ja', 'error.TIMEOUT')).toBe('時間切れになりました');
  });
});
