/**
 * Work to a deadline: a custom function that overruns 30 s loses every row, finished ones too, so no
 * attempt starts unless the latency seen so far says it can finish in the time left.
 */
export class Deadline {
  private slowestRoundMs: number;

  constructor(
    private readonly atMs: number,
    /** Assumed duration of a round trip before one has been seen. */
    initialEstimateMs: number,
    /** Kept free at the end for writing the cache, shaping the output and returning it. */
    private readonly reserveMs = 1_500,
  ) {
    this.slowestRoundMs = initialEstimateMs;
  }

  /** Judges by the slowest round seen, with a margin: latency varies more than it averages. */
  expectedRoundMs(): number {
    return Math.ceil(this.slowestRoundMs * 1.25);
  }

  recordRound(durationMs: number): void {
    this.slowestRoundMs = Math.max(this.slowestRoundMs, durationMs);
  }

  /** Whether a round started at `startMs` is expected to finish in time. */
  allowsRoundAt(startMs: number): boolean {
    return startMs + this.expectedRoundMs() + this.reserveMs <= this.atMs;
  }
}
