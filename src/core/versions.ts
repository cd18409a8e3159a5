import type { RowResult } from './contract';
import type { EngineRowResult } from './engine';
import { learnVersion, type ModelCatalog } from './model-catalog';
import type { ResultStore } from './result-store';
import { contextHash, type ResultContext } from './row-hash';
import type { JsonCell } from './values';

/**
 * Answers for distinct rows, all from ONE model version. Rows are first looked up under the version
 * the client knows; the rest are sent. When an answer names another version (a deploy happened since
 * the model list was read), that version wins: every row answered under another one, cached or fresh,
 * is looked up again under it or sent again, and a row that still disagrees becomes an error cell. So
 * a single output never mixes versions, and every result is cached under the version it came from.
 */

export interface RowAnswer {
  result: RowResult;
  cached: boolean;
  /** The version the answer was computed with; undefined when the API did not answer (a failure). */
  version: string | null | undefined;
}

export interface SettleInput {
  rows: JsonCell[][];
  hashes: string[];
  knownVersion: string | null;
  context: Omit<ResultContext, 'modelVersion'>;
  store: ResultStore | null;
  /** Sends these distinct rows to the API; results by the same indexes. */
  send: (indexes: number[]) => Map<number, EngineRowResult>;
  nowMs: () => number;
}

export interface Settled {
  /** undefined for a row nothing answered (only when `send` sends nothing). */
  answers: Array<RowAnswer | undefined>;
  /** The version of every value in the output. */
  version: string | null;
  /** The model list as this call leaves it: unchanged, or with the version answers named just now. */
  catalogUpdate: (catalog: ModelCatalog | null) => ModelCatalog | null;
}

export function settleVersions(input: SettleInput): Settled {
  const { hashes, store, knownVersion } = input;
  const contexts = new Map<string | null, string>();
  const contextOf = (version: string | null): string => {
    let hash = contexts.get(version);
    if (hash === undefined) {
      hash = contextHash({ ...input.context, modelVersion: version });
      contexts.set(version, hash);
    }
    return hash;
  };
  const answers: Array<RowAnswer | undefined> = new Array(input.rows.length).fill(undefined);

  /** Fills answers from the cache under `version`; returns the indexes it could not fill. */
  const lookUp = (indexes: number[], version: string | null): number[] =>
    indexes.filter((i) => {
      const hit = store?.get(contextOf(version), hashes[i] as string);
      if (hit !== undefined) answers[i] = { result: hit, cached: true, version };
      return hit === undefined;
    });
  /** Answers the API gave in this call, by the version they named: the votes for the current one. */
  const votes = new Map<string | null, number>();
  const sendAndKeep = (indexes: number[]): void => {
    if (indexes.length === 0) return;
    for (const [i, answer] of input.send(indexes)) {
      if (!answer.cacheable) {
        answers[i] = { result: answer.result, cached: false, version: undefined };
        continue;
      }
      const version = answer.modelVersion ?? knownVersion;
      store?.put(contextOf(version), hashes[i] as string, answer.result);
      answers[i] = { result: answer.result, cached: false, version };
      votes.set(version, (votes.get(version) ?? 0) + 1);
    }
  };

  const all = hashes.map((_, i) => i);
  sendAndKeep(lookUp(all, knownVersion));
  if (votes.size === 0) return { answers, version: knownVersion, catalogUpdate: (c) => c };
  // The version most fresh answers named is the API's current one: a rolling deploy answers with
  // both. Cached rows do not vote: they are what may be out of date.
  const target = [...votes.entries()].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
  const learn = (c: ModelCatalog | null) => learnVersion(c, input.context.model, target, input.nowMs());
  if (votes.size === 1 && target === knownVersion) return { answers, version: target, catalogUpdate: learn };
  const stale = all.filter((i) => answers[i]?.version !== undefined && answers[i]?.version !== target);
  sendAndKeep(lookUp(stale, target));
  for (const i of all) {
    const answer = answers[i];
    if (answer === undefined || answer.version === undefined || answer.version === target) continue;
    answers[i] = {
      result: {
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message: `model "${input.context.model}" changed version (${answer.version} and ${target} answered) during this calculation: recalculate to finish`,
        },
      },
      cached: false,
      version: undefined,
    };
  }
  return { answers, version: target, catalogUpdate: learn };
}
