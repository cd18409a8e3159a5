import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'acorn';

/**
 * Apps Script's V8 refuses syntax newer than what it supports (class fields, private members, static
 * blocks) when the project is saved, while node:vm runs it happily: the sandbox cannot catch that.
 * Parsing the pushed bundle at ECMAScript 2020, as a plain script, can.
 */
function syntaxError(code: string): string | null {
  try {
    parse(code, { ecmaVersion: 2020, sourceType: 'script' });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('the bundle parses as ECMAScript 2020', () => {
  it('dist/Code.js has no syntax newer than ES2020', () => {
    const code = readFileSync(join(__dirname, '../../dist/Code.js'), 'utf8');
    expect(syntaxError(code)).toBeNull();
  });

  it.each([
    ['a class field', 'var Engine = class { attempts = 0; };'],
    ['a private member', 'class Budget { #tokens = 5; take() { return this.#tokens; } }'],
    ['a static block', 'class Registry { static { this.ready = true; } }'],
    ['a module statement', 'export function PREDICT() {}'],
  ])('would fail on a bundle containing %s', (_what, fixture) => {
    // The same fixture parses as the newer language node:vm accepts: only the ES2020 check refuses it.
    expect(() => parse(fixture, { ecmaVersion: 2022, sourceType: 'module' })).not.toThrow();
    expect(syntaxError(`function onOpen() {}\n${fixture}`)).toMatch(/\(2:\d+\)/);
  });
});
