import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { MENU_ITEMS } from '../../src/features/menu/menu';

/** What `clasp push` sends: dist/Code.js must work as ONE plain script, the way Apps Script loads it. */
const code = readFileSync(join(__dirname, '../../dist/Code.js'), 'utf8');

describe('the built bundle', () => {
  // Apps Script calls triggers, menu items and sidebar calls by name: a name that is not a top-level
  // function of the pushed file fails only when a user clicks it.
  const menuFunctions = MENU_ITEMS.flatMap((item) => (item ? [item.functionName] : []));
  const sidebarFunctions = [
    'sidebarGetState',
    'sidebarSaveSettings',
    'sidebarTestConnection',
    'sidebarStartJob',
    'sidebarRunSlice',
    'sidebarCancelJob',
  ];

  it.each([
    ['PREDICT', 3],
    ['onOpen', 0],
    ['onInstall', 0],
    ...menuFunctions.map((name) => [name, 0] as [string, number]),
    ...sidebarFunctions.map(
      (name) => [name, name.endsWith('GetState') || name.endsWith('Connection') ? 0 : 1] as [string, number],
    ),
  ])('defines %s at top level, taking %d arguments, in a fresh V8 context', (name, arity) => {
    const context = createContext({});
    runInContext(code, context, { filename: 'Code.js' });
    const found = runInContext(name, context) as unknown;
    expect(found).toBeInstanceOf(runInContext('Function', context));
    expect((found as (...args: unknown[]) => unknown).length).toBe(arity);
  });

  it('precedes PREDICT with its @customfunction JSDoc so Sheets autocompletes it', () => {
    const match = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*function PREDICT\(rows, model, has_header\) \{\}/.exec(
      code,
    );
    expect(match?.[1]).toContain('@customfunction');
    expect(match?.[1]).toContain('@param {Array} rows');
    expect(match?.[1]).toContain('@return');
  });

  it('uses no module system and no Node globals', () => {
    expect(code).not.toMatch(/\brequire\(|\bimport\s|\bexport\s|\bprocess\.|\bBuffer\b|\bsetTimeout\(/);
  });
});
