// The order in which Sheets starts a recalculation's custom-function executions is not guaranteed
// (PLATFORM.md: "in no guaranteed order"): the runner can shuffle it, reproducibly from a seed.
import { seededRandom } from '../../../server/src/faults';

/** A Fisher-Yates shuffle of a copy of `items`, driven by `seed`. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The most intervals open at one time (an interval ending exactly when another starts does not overlap it). */
export function maxOverlap(intervals: ReadonlyArray<{ startedAt: number; endedAt: number }>): number {
  const events = intervals.flatMap((i) => [
    [i.startedAt, 1],
    [i.endedAt, -1],
  ]) as Array<[number, number]>;
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, delta] of events) {
    open += delta;
    most = Math.max(most, open);
  }
  return most;
}
