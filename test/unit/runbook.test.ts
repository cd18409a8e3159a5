// The runbooks are how a newcomer ships and repairs SheetBridge, in English and in Japanese. They drift
// apart silently, and a new error code is useless to users until the runbooks explain it; so both
// must keep the same section structure and the same commands, and explain every code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../src/core/errors';

const docs = join(__dirname, '..', '..', 'docs');
const runbooks = {
  'runbook.md': readFileSync(join(docs, 'runbook.md'), 'utf8'),
  'runbook.ja.md': readFileSync(join(docs, 'runbook.ja.md'), 'utf8'),
};

const API_AUTH_CODES = [
  'AUTH_MISSING',
  'AUTH_UNKNOWN_KEY',
  'AUTH_STALE_TIMESTAMP',
  'AUTH_REPLAYED_NONCE',
  'AUTH_BAD_SIGNATURE',
];

/** Lines outside fenced code blocks (a "## " inside a shell block is not a heading). */
function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    return !fenced && !line.startsWith('```');
  });
}

/** "##"/"###" headings as "level number", e.g. "## 2" and "### 2.3": the text itself is translated. */
function outline(text: string): string[] {
  return prose(text)
    .filter((line) => /^#{2,3} /.test(line))
    .map((line) => {
      const [hashes, number] = line.split(' ');
      return `${hashes} ${/^\d+(\.\d+)*\.?$/.test(number ?? '') ? number : '(unnumbered)'}`;
    });
}

function codeBlocks(text: string): string[] {
  return [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

/** First cells of every table row, without backticks: where the troubleshooting tables list codes. */
function tableFirstCells(text: string): Set<string> {
  const cells = prose(text)
    .filter((line) => line.startsWith('|'))
    .map((line) => (line.split('|')[1] ?? '').trim().replace(/`/g, ''));
  return new Set(cells);
}

/** The codes in section 7.1's table: a code listed there that nothing emits misleads whoever reads it. */
function errorCodeTable(text: string): string[] {
  const section = text.split(/^### 7\.1 .*$/m)[1]?.split(/^### /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => (line.split('|')[1] ?? '').trim().replace(/`/g, ''));
}

test('both runbooks have the same ##/### headings in the same order', () => {
  const en = outline(runbooks['runbook.md']);
  expect(en.length).toBeGreaterThan(10);
  expect(outline(runbooks['runbook.ja.md'])).toEqual(en);
});

test('both runbooks carry identical code blocks', () => {
  const en = codeBlocks(runbooks['runbook.md']);
  expect(en.length).toBeGreaterThan(5);
  expect(codeBlocks(runbooks['runbook.ja.md'])).toEqual(en);
});

describe.each(Object.entries(runbooks))('%s', (_name, text) => {
  const firstCells = tableFirstCells(text);

  test.each([...ERROR_CODES])('explains error code %s in a table row', (code) => {
    expect(firstCells.has(code)).toBe(true);
  });

  test('lists in its error-code table only codes that SheetBridge emits', () => {
    expect(errorCodeTable(text).sort()).toEqual([...ERROR_CODES].sort());
  });

  test.each(API_AUTH_CODES)('explains API auth code %s in a table row', (code) => {
    expect(firstCells.has(code)).toBe(true);
  });

  test('documents every SHEETBRIDGE_* setting from the design', () => {
    for (const key of [
      'BASE_URL',
      'KEY_ID',
      'SECRET',
      'MODEL',
      'BATCH_ROWS',
      'PARALLEL',
      'MAX_ATTEMPTS',
      'CACHE_TTL_S',
      'LOCK_SETTINGS',
    ]) {
      expect(firstCells.has(`SHEETBRIDGE_${key}`)).toBe(true);
    }
  });
});
