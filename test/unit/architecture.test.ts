import { resolve } from 'node:path';
import { layeringViolations, readSourceTree } from './support/layering';

const ROOT = resolve(__dirname, '../..');

describe('layering (DESIGN.md, "The house")', () => {
  it('holds in src: every import arrow of DESIGN.md points one way, services named in gas only', () => {
    const files = readSourceTree(ROOT, 'src');
    expect(files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['src/index.ts', 'src/core/predict.ts', 'src/gas/cache.ts', 'src/i18n/en.ts']),
    );
    expect(layeringViolations(files)).toEqual([]);
  });

  it('reports a feature or core file importing from ui, however the path is spelt', () => {
    expect(
      layeringViolations([
        { path: 'src/features/menu/menu.ts', text: "import { t } from '../../ui/i18n';" },
        { path: 'src/core/predict.ts', text: "import type { X } from './../ui/sidebar/dom';" },
        { path: 'src/features/job/a.ts', text: "export * from '../../ui';" },
      ]),
    ).toEqual([
      'src/features/menu/menu.ts: imports ../../ui/i18n (src/ui/ is off limits here)',
      'src/core/predict.ts: imports ./../ui/sidebar/dom (src/ui/ is off limits here)',
      'src/features/job/a.ts: imports ../../ui (src/ui/ is off limits here)',
    ]);
  });

  it('reports core importing gas or features, and lets features import gas and i18n', () => {
    expect(
      layeringViolations([
        { path: 'src/core/models.ts', text: "import { AppsScriptHttp } from '../gas/http';" },
        { path: 'src/core/engine.ts', text: "const m = require('../features/menu/menu');" },
        {
          path: 'src/features/menu/menu.ts',
          text: "import { toast } from '../../gas/ui';\nimport { t } from '../../i18n';\nimport x from 'yaml';",
        },
        { path: 'src/ui/sidebar/main.ts', text: "import { t } from '../../i18n';" },
      ]),
    ).toEqual([
      'src/core/models.ts: imports ../gas/http (src/gas/ is off limits here)',
      'src/core/engine.ts: imports ../features/menu/menu (src/features/ is off limits here)',
    ]);
  });

  it('reports gas reaching up, i18n importing anything, and the sidebar reaching past the RPC types', () => {
    expect(
      layeringViolations([
        {
          path: 'src/gas/ui.ts',
          text: "import { t } from '../i18n';\nimport { x } from '../features/menu/menu';",
        },
        { path: 'src/i18n/en.ts', text: "import type { ErrorCode } from '../core/errors';" },
        { path: 'src/ui/sidebar/bridge.ts', text: "import { toast } from '../../gas/ui';" },
        {
          path: 'src/ui/sidebar/main.ts',
          text: "import { saveSettings } from '../../features/settings/settings-panel';",
        },
        {
          path: 'src/ui/sidebar/context.ts',
          text: "import type { SidebarState } from '../../features/sidebar/rpc-types';\nimport { SETTING_RULES } from '../../core/settings';",
        },
      ]),
    ).toEqual([
      'src/gas/ui.ts: imports ../i18n (src/i18n/ is off limits here)',
      'src/gas/ui.ts: imports ../features/menu/menu (src/features/ is off limits here)',
      'src/i18n/en.ts: imports ../core/errors (src/core/ is off limits here)',
      'src/ui/sidebar/bridge.ts: imports ../../gas/ui (src/gas/ is off limits here)',
      'src/ui/sidebar/main.ts: imports ../../features/settings/settings-panel (src/features/ is off limits here)',
    ]);
  });

  it('reports an Apps Script service named outside src/gas and the sidebar, comments included', () => {
    expect(
      layeringViolations([
        { path: 'src/features/menu/menu.ts', text: 'SpreadsheetApp.getUi().createAddonMenu();' },
        { path: 'src/core/settings.ts', text: '/** CacheService keeps entries 6 h; CacheService again */' },
        { path: 'src/index.ts', text: '// Session.getActiveUser() is not read here' },
        { path: 'src/gas/ui.ts', text: 'SpreadsheetApp.getUi();' },
        { path: 'src/ui/sidebar/main.ts', text: '// the server side calls HtmlService' },
        { path: 'src/core/values.ts', text: 'const mySessionId = 1; // AppsScriptCache, UtilitiesLike' },
      ]),
    ).toEqual([
      'src/features/menu/menu.ts: names SpreadsheetApp (only src/gas touches Apps Script services)',
      'src/core/settings.ts: names CacheService (only src/gas touches Apps Script services)',
      'src/index.ts: names Session (only src/gas touches Apps Script services)',
    ]);
  });
});
