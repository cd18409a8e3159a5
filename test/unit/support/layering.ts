import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

/**
 * The layering rules of DESIGN.md ("The house"), as a pure check over source texts, so that a test can
 * run it on the real tree and on fixtures that must be caught.
 */

/** A source file: its path from the repository root (with forward slashes) and its whole text. */
export interface SourceFile {
  path: string;
  text: string;
}

/**
 * Apps Script's global services (developers.google.com/apps-script/reference): only src/gas may name
 * them, and the sidebar's browser code, which never sees them. Advanced services (Drive, Sheets, ...) are
 * left out: the manifest enables none, and their names are ordinary words in comments.
 */
export const APPS_SCRIPT_GLOBALS = [
  'Browser',
  'CacheService',
  'CalendarApp',
  'CardService',
  'Charts',
  'ConferenceDataService',
  'ContactsApp',
  'ContentService',
  'DataStudioApp',
  'DocumentApp',
  'DriveApp',
  'FormApp',
  'GmailApp',
  'GroupsApp',
  'HtmlService',
  'Jdbc',
  'LanguageApp',
  'LinearOptimizationService',
  'LockService',
  'Logger',
  'MailApp',
  'Maps',
  'PropertiesService',
  'ScriptApp',
  'ScriptProperties',
  'Session',
  'SitesApp',
  'SlidesApp',
  'SpreadsheetApp',
  'UrlFetchApp',
  'UserProperties',
  'Utilities',
  'XmlService',
] as const;

const GLOBAL_NAME = new RegExp(`\\b(${APPS_SCRIPT_GLOBALS.join('|')})\\b`, 'g');

/** Where Apps Script services may be named: the adapters, and the sidebar (google.script.run's side). */
const MAY_NAME_SERVICES = ['src/gas/', 'src/ui/sidebar/'];

/**
 * Folders that must not import from the given folders (but for the `except` paths). The arrows of
 * DESIGN.md point one way: index -> features -> core, features -> gas, gas -> core; features and ui may
 * use i18n, which uses nothing; ui talks to features only through the typed RPC types.
 */
const FORBIDDEN_IMPORTS: ReadonlyArray<{ from: string; to: readonly string[]; except?: readonly string[] }> =
  [
    { from: 'src/core/', to: ['src/ui/', 'src/gas/', 'src/features/', 'src/i18n/'] },
    { from: 'src/features/', to: ['src/ui/'] },
    { from: 'src/gas/', to: ['src/features/', 'src/ui/', 'src/i18n/'] },
    { from: 'src/i18n/', to: ['src/core/', 'src/gas/', 'src/features/', 'src/ui/'] },
    { from: 'src/ui/', to: ['src/gas/', 'src/features/'], except: ['src/features/sidebar/rpc-types'] },
  ];

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

/** The repository path a relative specifier points at (without extension); null for packages. */
function resolveImport(importer: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(importer), specifier));
}

function isUnder(path: string, folder: string): boolean {
  return `${path}/`.startsWith(folder);
}

/** Every broken rule, one line each ("path: what"); empty when the layering holds. */
export function layeringViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const { path, text } of files) {
    for (const rule of FORBIDDEN_IMPORTS.filter((r) => isUnder(path, r.from))) {
      for (const [, specifier] of text.matchAll(IMPORT_SPECIFIER)) {
        const target = specifier === undefined ? null : resolveImport(path, specifier);
        const allowed = target !== null && (rule.except ?? []).includes(target);
        const forbidden = target && !allowed && rule.to.find((folder) => isUnder(target, folder));
        if (forbidden) violations.push(`${path}: imports ${specifier} (${forbidden} is off limits here)`);
      }
    }
    if (!MAY_NAME_SERVICES.some((folder) => isUnder(path, folder))) {
      for (const name of new Set(Array.from(text.matchAll(GLOBAL_NAME), (match) => match[0]))) {
        violations.push(`${path}: names ${name} (only src/gas touches Apps Script services)`);
      }
    }
  }
  return violations;
}

/** Every source file under `folder` (a path from `root`), with its text. */
export function readSourceTree(root: string, folder: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|mjs|js|html)$/.test(entry.name)) {
        files.push({ path: relative(root, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(join(root, folder));
  return files;
}
