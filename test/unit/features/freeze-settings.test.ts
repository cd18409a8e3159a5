import { argumentRows, isPredictFormula } from '../../../src/features/freeze/spill';
import {
  type SettingsStores,
  saveSettings,
  settingViews,
} from '../../../src/features/settings/settings-panel';

describe('freeze: which rows a PREDICT formula fills', () => {
  it.each([
    ['=PREDICT(A2:H100)', 99],
    ['=PREDICT($A$2:$H$4, "default", TRUE)', 3],
    ["=PREDICT('Data 2026'!A2:H11)", 10],
    ['=PREDICT(A5)', 1],
    ['=PREDICT(A2:H)', 500],
    ['=PREDICT(A:H)', 500],
    ['=predict(a2:h3)', 2],
  ])('%s fills %i rows (sheet end 500 rows away)', (formula, rows) => {
    expect(argumentRows(formula, 500)).toBe(rows);
  });

  it.each(['=PREDICT(CustomerRange)', '=PREDICT(FILTER(A2:H, A2:A>0))'])(
    '%s cannot be located: null, never a guess',
    (formula) => {
      expect(argumentRows(formula, 500)).toBeNull();
    },
  );

  it('knows PREDICT formulas from others', () => {
    expect(isPredictFormula('=PREDICT(A2:H3)')).toBe(true);
    expect(isPredictFormula('=ROUND(PREDICT(A2:H3), 2)')).toBe(true);
    expect(isPredictFormula('=MYPREDICT(A2)')).toBe(false);
    expect(isPredictFormula('PREDICT(A2)')).toBe(false);
  });
});

describe('settings panel', () => {
  function stores(script: Record<string, string> = {}, document: Record<string, string> = {}) {
    const written = {
      script: {} as Record<string, string | null>,
      document: {} as Record<string, string | null>,
      invalidated: 0,
    };
    const s: SettingsStores = {
      script: (key) => script[key] ?? null,
      document: (key) => document[key] ?? null,
      writeScript: (values) => Object.assign(written.script, values),
      writeDocument: (values) => Object.assign(written.document, values),
      invalidateCache: () => {
        written.invalidated += 1;
      },
    };
    return { s, written };
  }

  it('shows where each value comes from and never the secret', () => {
    const { s } = stores(
      { SHEETBRIDGE_SECRET: 'dummy', SHEETBRIDGE_PARALLEL: '4' },
      { SHEETBRIDGE_MODEL: 'churn-proba' },
    );
    const views = settingViews(s);
    expect(views.find((v) => v.key === 'SHEETBRIDGE_MODEL')).toMatchObject({
      value: 'churn-proba',
      source: 'document',
    });
    expect(views.find((v) => v.key === 'SHEETBRIDGE_PARALLEL')).toMatchObject({
      value: '4',
      source: 'script',
    });
    expect(views.find((v) => v.key === 'SHEETBRIDGE_BATCH_ROWS')).toMatchObject({
      value: '500',
      source: 'default',
    });
    expect(JSON.stringify(views)).not.toContain('dummy');
  });

  it('writes nothing when one value is bad', () => {
    const { s, written } = stores();
    const result = saveSettings(
      { scope: 'script', values: { SHEETBRIDGE_PARALLEL: '3', SHEETBRIDGE_MAX_ATTEMPTS: '99' } },
      s,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: { SHEETBRIDGE_MAX_ATTEMPTS: expect.stringContaining('1 to 10') },
    });
    expect(written.script).toEqual({});
  });

  it('an empty value removes the key; a new URL or secret starts a new cache generation', () => {
    const { s, written } = stores({ SHEETBRIDGE_MODEL: 'x' });
    expect(saveSettings({ scope: 'script', values: { SHEETBRIDGE_MODEL: '' } }, s)).toBeNull();
    expect(written.script).toEqual({ SHEETBRIDGE_MODEL: null });
    expect(written.invalidated).toBe(0);
    saveSettings({ scope: 'script', values: { SHEETBRIDGE_BASE_URL: 'http://203.0.113.10' } }, s);
    saveSettings({ scope: 'script', values: {}, secret: 'new-dummy' }, s);
    expect(written.invalidated).toBe(2);
  });

  const GOOD_VALUES = {
    SHEETBRIDGE_BASE_URL: 'http://203.0.113.10',
    SHEETBRIDGE_KEY_ID: 'k2',
    SHEETBRIDGE_MODEL: 'm2',
    SHEETBRIDGE_BATCH_ROWS: '100',
    SHEETBRIDGE_PARALLEL: '3',
    SHEETBRIDGE_MAX_ATTEMPTS: '4',
    SHEETBRIDGE_CACHE_TTL_S: '60',
    SHEETBRIDGE_LOCK_SETTINGS: 'false',
  } as const;

  it('starts a new cache generation for a new address or key id only', () => {
    const invalidating = Object.entries(GOOD_VALUES).filter(([key, value]) => {
      const { s, written } = stores();
      expect(saveSettings({ scope: 'script', values: { [key]: value } }, s)).toBeNull();
      return written.invalidated > 0;
    });
    expect(invalidating.map(([key]) => key)).toEqual(['SHEETBRIDGE_BASE_URL', 'SHEETBRIDGE_KEY_ID']);
  });

  it('saves the model, batch size and parallel width for one spreadsheet, and refuses the rest there', () => {
    const { s, written } = stores();
    const result = saveSettings({ scope: 'document', values: GOOD_VALUES }, s);
    expect(Object.keys(result && !result.ok ? result.errors : {}).sort()).toEqual([
      'SHEETBRIDGE_BASE_URL',
      'SHEETBRIDGE_CACHE_TTL_S',
      'SHEETBRIDGE_KEY_ID',
      'SHEETBRIDGE_LOCK_SETTINGS',
      'SHEETBRIDGE_MAX_ATTEMPTS',
    ]);
    const { SHEETBRIDGE_MODEL, SHEETBRIDGE_BATCH_ROWS, SHEETBRIDGE_PARALLEL } = GOOD_VALUES;
    expect(
      saveSettings(
        { scope: 'document', values: { SHEETBRIDGE_MODEL, SHEETBRIDGE_BATCH_ROWS, SHEETBRIDGE_PARALLEL } },
        s,
      ),
    ).toBeNull();
    expect(written.document).toEqual({
      SHEETBRIDGE_MODEL: 'm2',
      SHEETBRIDGE_BATCH_ROWS: '100',
      SHEETBRIDGE_PARALLEL: '3',
    });
    expect(saveSettings({ scope: 'script', values: GOOD_VALUES }, s)).toBeNull();
    expect(written.script).toEqual(GOOD_VALUES);
  });

  it('a bad lock value still locks: only "false" unlocks', () => {
    const { s } = stores({ SHEETBRIDGE_LOCK_SETTINGS: 'yes' });
    expect(saveSettings({ scope: 'script', values: { SHEETBRIDGE_PARALLEL: '3' } }, s)).toMatchObject({
      ok: false,
    });
  });
});
