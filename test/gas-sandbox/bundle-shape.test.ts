import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';

/** What `clasp push` sends: dist/Code.js must work as ONE plain script, the way Apps Script loads it. */
const code = readFileSync(join(__dirname, '../../dist/Code.js'), 'utf8');

describe('the built bundle', () => {
  it('defines the entry functions at top level in a fresh V8 context', () => {
    const context = createContext({});
    runInContext(code, context, { filename: 'Code.js' });
    for (const name of ['PREDICT', 'onOpen', 'onInstall', 'menuClearCache', 'menuHelp']) {
      expect(typeof runInContext(`typeof ${name}`, context)).toBe('string');
      expect(runInContext(`typeof ${name}`, context)).toBe('function');
    }
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
