/** The checks of each kind of setting (settings.ts holds the rules table) and the messages they give. */
import type { SettingRule, Settings } from './settings';
import { urlProblem } from './url-rules';

/** Why a value breaks its setting's rule: the sidebar words it in the user's language, errors in English. */
export type SettingProblem =
  | { kind: 'url'; reason: 'form' | 'trailing-slash' | 'private' }
  | { kind: 'name' }
  | { kind: 'whole-number'; min: number; max: number }
  | { kind: 'boolean' };

type Checked<T> = { value: T; problem?: undefined } | { value?: undefined; problem: SettingProblem };

function checkWholeNumber(raw: string, min: number, max: number): Checked<number> {
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < min || value > max)
    return { problem: { kind: 'whole-number', min, max } };
  return { value };
}

function checkBoolean(raw: string): Checked<boolean> {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === 'false') return { value: value === 'true' };
  return { problem: { kind: 'boolean' } };
}

function checkName(raw: string): Checked<string> {
  const value = raw.trim();
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value) ? { value } : { problem: { kind: 'name' } };
}

function checkUrl(raw: string): Checked<string> {
  const reason = urlProblem(raw.trim());
  return reason === null ? { value: raw.trim() } : { problem: { kind: 'url', reason } };
}

/** A set value (not blank) against its rule. The secret is taken as it is: any text may be one. */
export function checkValue(rule: SettingRule, raw: string): Checked<Settings[keyof Settings]> {
  switch (rule.kind) {
    case 'url':
      return checkUrl(raw);
    case 'name':
      return checkName(raw);
    case 'whole-number':
      return checkWholeNumber(raw, rule.min, rule.max);
    case 'boolean':
      return checkBoolean(raw);
    case 'secret':
      return { value: raw };
  }
}

const URL_RULE =
  'an http:// or https:// address such as http://203.0.113.10 or https://api.example.com/ml, without a trailing slash';

/**
 * A refused value as its error may show it (every user of the spreadsheet sees error cells): at most 40
 * characters, and a URL without what may be a credential (user:password@, a query or a fragment).
 */
function shownValue(problem: SettingProblem, raw: string): string {
  const text =
    problem.kind === 'url' ? raw.replace(/\/\/[^/?#]*@/, '//...@').replace(/[?#][\s\S]*/, '?...') : raw;
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/** The BAD_SETTING message: it names the key, the rule and what to do, and never shows a secret. */
export function settingProblemMessage(key: string, problem: SettingProblem, raw: string): string {
  const mustBe = (rule: string) =>
    `${key} must be ${rule}, but it is "${shownValue(problem, raw)}". Fix it in the Apps Script project settings (Script Properties) or in the SheetBridge sidebar.`;
  switch (problem.kind) {
    case 'url':
      if (problem.reason === 'private') {
        return `${key} is "${raw.trim()}", a private address. PREDICT calls the API from Google's servers, which cannot reach private addresses (10.x, 172.16-31.x, 192.168.x, 169.254.x, fc00::/7): use the load balancer's (NLB's) public IP or DNS name.`;
      }
      return mustBe(problem.reason === 'trailing-slash' ? `${URL_RULE} (remove the final "/")` : URL_RULE);
    case 'name':
      return mustBe('a name of letters, digits, ".", "_" or "-" (at most 64)');
    case 'whole-number':
      return mustBe(`a whole number from ${problem.min} to ${problem.max}`);
    case 'boolean':
      return mustBe('"true" or "false"');
  }
}
