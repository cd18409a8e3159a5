import { type ErrorCode, isSheetBridgeError, SheetBridgeError } from '../../core/errors';
import type { OutputCell } from '../../core/output';
import type { PredictReport } from '../../core/predict';
import { loadSettings } from '../../core/settings';
import { languageOf, t } from '../../i18n';
import { predictCoalesced } from './coalesce';
import { appsScriptEnvironment, type PredictEnvironment, predictDepsOf } from './environment';

/** Sheets stops a custom function at 30 s and loses all of it: keep 5 s in hand. */
export const CUSTOM_FUNCTION_BUDGET_MS = 25_000;
/** Past this, a formula is the wrong tool: the menu's "Predict selection" runs in slices. */
export const MAX_FORMULA_ROWS = 50_000;

function readModelArgument(model: unknown): string | null {
  if (model === undefined || model === null || model === '') return null;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new SheetBridgeError(
      'BAD_INPUT',
      'The model argument must be a model name in quotes, for example "default", or left out.',
    );
  }
  return model.trim();
}

function readHasHeaderArgument(hasHeader: unknown): boolean {
  if (hasHeader === undefined || hasHeader === null || hasHeader === '') return false;
  if (typeof hasHeader === 'boolean') return hasHeader;
  if (typeof hasHeader === 'string' && /^(true|false)$/i.test(hasHeader.trim())) {
    return hasHeader.trim().toLowerCase() === 'true';
  }
  throw new SheetBridgeError(
    'BAD_INPUT',
    'has_header must be TRUE or FALSE (TRUE when the first row of the range holds column names).',
  );
}

/** Runs =PREDICT and returns its report; `predictFunction` returns only the cells. */
export function runPredict(
  rows: unknown,
  model: unknown,
  hasHeader: unknown,
  env: PredictEnvironment,
  startedMs: number,
): PredictReport {
  const settings = loadSettings(env.scriptSettings, env.documentSettings);
  const request = {
    input: rows,
    model: readModelArgument(model),
    hasHeader: readHasHeaderArgument(hasHeader),
  };
  if (Array.isArray(rows) && rows.length > MAX_FORMULA_ROWS) {
    throw new SheetBridgeError(
      'BAD_INPUT',
      `The range has ${rows.length} rows; a formula takes at most ${MAX_FORMULA_ROWS}. Split the range, or use the menu's "Predict selection", which runs in slices.`,
    );
  }
  return predictCoalesced(
    request,
    predictDepsOf(env, settings, startedMs + CUSTOM_FUNCTION_BUDGET_MS),
    env.blocks,
  );
}

/** The message Sheets shows on hover of #ERROR!: what went wrong, in the user's language, and what to do. */
export function toUserError(error: unknown, locale: string | null): Error {
  if (!isSheetBridgeError(error)) return error instanceof Error ? error : new Error(String(error));
  const language = languageOf(locale);
  const code: ErrorCode = error.code;
  return new Error(
    `${t(language, `error.${code}`)} (${code}). ${t(language, 'error.details')}: ${error.message}`,
  );
}

export function predictFunction(
  rows: unknown,
  model?: unknown,
  hasHeader?: unknown,
  env?: PredictEnvironment,
): OutputCell[][] {
  const environment = env ?? appsScriptEnvironment();
  const startedMs = environment.clock.nowMs();
  try {
    return runPredict(rows, model, hasHeader, environment, startedMs).output;
  } catch (error) {
    throw toUserError(error, environment.locale());
  }
}
