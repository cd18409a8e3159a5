import { classifyAnswer, serviceAnswered } from './answer';
import {
  type ApiEndpoint,
  type ApiResult,
  interpretOutcome,
  type PreparedCall,
  prepareCall,
} from './api-client';
import { type Batch, splitInHalf } from './batching';
import type { CircuitBreaker } from './circuit-breaker';
import {
  buildPredictBody,
  ContractViolation,
  PREDICT_PATH,
  parsePredictAnswer,
  type RowResult,
} from './contract';
import type { Deadline } from './deadline';
import type { ErrorCode } from './errors';
import type { Clock, Crypto, Http } from './ports';
import { type BackoffPolicy, fullJitterDelayMs, type RetryBudget } from './retry';

/**
 * Sends batches to /v1/predict in parallel rounds (one fetchAll each), retrying what is worth it,
 * splitting on 413, and stopping at the deadline with error results for whatever is left.
 */

export interface EngineOptions {
  endpoint: ApiEndpoint;
  model: string;
  columns: string[] | null;
  maxAttempts: number;
  parallel: number;
  backoff: BackoffPolicy;
}

export interface EngineDeps {
  /** Shared by all executions: while it is open, no round is sent. */
  breaker?: CircuitBreaker;
  /** The cell text for "calls are paused until then", in the user's language and time zone. */
  describePause?: (untilMs: number) => string;
  http: Http;
  clock: Clock;
  crypto: Crypto;
  random: () => number;
  budget: RetryBudget;
  deadline: Deadline;
}

/**
 * A result per row index. `cacheable` is true for answers the API gave (values and its per-row
 * verdicts), false for transient failures; `modelVersion` is the version an answer named.
 */
export interface EngineRowResult {
  result: RowResult;
  cacheable: boolean;
  modelVersion: string | null;
}

export interface EngineStats {
  requests: number;
  roundTrips: number;
  retries: number;
  splits: number;
  /** Rows in all predict requests sent, retries included. */
  rowsSent: number;
  modelVersion: string | null;
}

interface Task {
  batch: Batch;
  body: string;
  idempotencyKey: string;
  attempts: number;
  notBeforeMs: number;
  lastError: { code: ErrorCode; message: string } | null;
}

/** Splits a call may make after 413s: bounds the requests a broken or hostile 413 can cause. */
const MAX_SPLITS = 64;

export class PredictEngine {
  readonly stats: EngineStats = {
    requests: 0,
    roundTrips: 0,
    retries: 0,
    splits: 0,
    rowsSent: 0,
    modelVersion: null,
  };
  private results = new Map<number, EngineRowResult>();
  private queue: Task[] = [];
  /** Made on the first request: a call answered from the cache never asks for a UUID. */
  private callSalt: string | null = null;

  constructor(
    private readonly options: EngineOptions,
    private readonly deps: EngineDeps,
  ) {}

  /** Results of these batches only: a second run (rows sent again) never repeats the first's. */
  run(batches: Batch[]): Map<number, EngineRowResult> {
    this.results = new Map();
    this.queue = batches.map((batch) => this.newTask(batch));
    while (this.queue.length > 0) {
      const now = this.deps.clock.nowMs();
      const ready = this.queue
        .filter((t) => t.notBeforeMs <= now)
        .sort((a, b) => a.notBeforeMs - b.notBeforeMs);
      if (ready.length === 0) {
        const wakeAt = Math.min(...this.queue.map((t) => t.notBeforeMs));
        if (!this.deps.deadline.allowsRoundAt(wakeAt)) break;
        this.deps.clock.sleep(wakeAt - now);
        continue;
      }
      if (!this.deps.deadline.allowsRoundAt(now)) break;
      const pausedUntil = this.deps.breaker?.pausedUntil() ?? null;
      if (pausedUntil !== null) {
        for (const task of this.queue) this.failTask(task, 'UNAVAILABLE', this.pauseText(pausedUntil), false);
        this.queue = [];
        break;
      }
      this.runRound(ready.slice(0, this.options.parallel));
    }
    for (const task of this.queue) this.giveUp(task);
    this.queue = [];
    return this.results;
  }

  private pauseText(untilMs: number): string {
    if (this.deps.describePause) return this.deps.describePause(untilMs);
    return `the API is failing; SheetBridge paused calls until ${new Date(untilMs).toISOString().slice(11, 19)} UTC`;
  }

  private newTask(batch: Batch): Task {
    const body = buildPredictBody(this.options.model, this.options.columns, batch.rows);
    // Stable across the retries of this call, distinct per content. The call's own salt keeps a later
    // call with the same rows from being replayed an answer stored before a model redeploy.
    this.callSalt ??= this.deps.crypto.uuid();
    const idempotencyKey = this.deps.crypto.sha256Hex(`${this.callSalt}\n${body}`);
    return { batch, body, idempotencyKey, attempts: 0, notBeforeMs: 0, lastError: null };
  }

  private runRound(tasks: Task[]): void {
    const { endpoint } = this.options;
    const startMs = this.deps.clock.nowMs();
    const prepared: PreparedCall[] = tasks.map((task) =>
      prepareCall(
        endpoint,
        { method: 'post', path: PREDICT_PATH, body: task.body, idempotencyKey: task.idempotencyKey },
        this.deps.crypto,
        startMs,
      ),
    );
    const outcomes = this.deps.http.fetchAll(prepared.map((p) => p.request));
    this.deps.deadline.recordRound(this.deps.clock.nowMs() - startMs);
    this.stats.requests += tasks.length;
    for (const task of tasks) this.stats.rowsSent += task.batch.rows.length;
    this.stats.roundTrips += 1;
    this.queue = this.queue.filter((t) => !tasks.includes(t));
    // A round counts against the API only when no request in it got an answer from the service itself.
    const answered = outcomes.filter(serviceAnswered).length;
    if (answered > 0) this.deps.breaker?.recordAnsweredRound(answered === outcomes.length);
    else this.deps.breaker?.recordFailedRound();
    tasks.forEach((task, i) => {
      task.attempts += 1;
      const outcome = outcomes[i];
      const call = prepared[i];
      if (!outcome || !call) throw new Error('fetchAll returned fewer answers than requests');
      this.handle(task, interpretOutcome(call, outcome, endpoint, this.deps.crypto));
    });
  }

  private handle(task: Task, result: ApiResult): void {
    const verdict = classifyAnswer(result, this.options.model, this.deps.clock.nowMs());
    switch (verdict.kind) {
      case 'accept':
        this.accept(task, verdict.body);
        break;
      case 'retry':
        this.retryOrFail(task, verdict.code, verdict.message, verdict.retryAfterMs);
        break;
      case 'split':
        this.split(task, verdict.maxRows, verdict.reason);
        break;
      case 'fail-rows':
        this.failTask(task, verdict.code, verdict.message, false);
        break;
      case 'fail-call':
        throw verdict.error;
    }
  }

  private accept(task: Task, body: string): void {
    try {
      const answer = parsePredictAnswer(body, task.batch.rows.length);
      if (task.attempts > 1) this.deps.budget.refund();
      this.stats.modelVersion = answer.modelVersion ?? this.stats.modelVersion;
      task.batch.rowIndexes.forEach((rowIndex, i) => {
        const result = answer.results[i] as RowResult;
        this.results.set(rowIndex, { result, cacheable: true, modelVersion: answer.modelVersion });
      });
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      this.failTask(task, 'BAD_RESPONSE', `the API's answer broke the contract: ${error.message}`, false);
    }
  }

  private split(task: Task, maxRows: number | null, reason: string | null): void {
    const rows = task.batch.rows.length;
    if (rows <= 1) {
      const limit = reason ?? 'the row is larger than the API accepts';
      this.failTask(task, 'TOO_LARGE', `HTTP 413 from the API for a single row: ${limit}`, false);
      return;
    }
    if (this.stats.splits >= MAX_SPLITS) {
      const limit = reason ?? 'the batch is larger than the API accepts';
      const what = `HTTP 413 from the API for a batch of ${rows} rows, after ${MAX_SPLITS} splits in this call`;
      this.failTask(
        task,
        'TOO_LARGE',
        `${what}: ${limit}; recalculate to finish, or lower SHEETBRIDGE_BATCH_ROWS`,
        false,
      );
      return;
    }
    this.stats.splits += 1;
    // The server says how many rows it takes: go straight there instead of halving repeatedly.
    const parts: Batch[] = [];
    if (maxRows !== null && maxRows < rows) {
      for (let start = 0; start < rows; start += maxRows) {
        parts.push({
          rowIndexes: task.batch.rowIndexes.slice(start, start + maxRows),
          rows: task.batch.rows.slice(start, start + maxRows),
        });
      }
    } else {
      parts.push(...splitInHalf(task.batch));
    }
    this.queue.push(...parts.map((part) => this.newTask(part)));
  }

  private retryOrFail(task: Task, code: ErrorCode, message: string, retryAfterMs: number | null): void {
    task.lastError = { code, message };
    if (task.attempts >= this.options.maxAttempts) {
      this.failTask(task, code, `${message} (after ${task.attempts} attempts)`, false);
      return;
    }
    const now = this.deps.clock.nowMs();
    const backoffMs = fullJitterDelayMs(task.attempts - 1, this.options.backoff, this.deps.random);
    const notBeforeMs = now + Math.max(backoffMs, retryAfterMs ?? 0);
    if (!this.deps.deadline.allowsRoundAt(notBeforeMs)) {
      const wait = retryAfterMs !== null ? `the API asked to wait ${Math.ceil(retryAfterMs / 1000)} s, ` : '';
      this.failTask(task, code, `${message}; ${wait}no time left to retry`, false);
      return;
    }
    if (!this.deps.budget.tryAcquire()) {
      this.failTask(task, code, `${message}; retries are paused because the API keeps failing`, false);
      return;
    }
    this.stats.retries += 1;
    task.notBeforeMs = notBeforeMs;
    this.queue.push(task);
  }

  private giveUp(task: Task): void {
    if (task.lastError) {
      this.failTask(task, task.lastError.code, `${task.lastError.message}; no time left to retry`, false);
    } else {
      this.failTask(
        task,
        'TIMEOUT',
        'not sent: the time limit of this call was reached, recalculate to finish',
        false,
      );
    }
  }

  private failTask(task: Task, code: ErrorCode, message: string, cacheable: boolean): void {
    for (const rowIndex of task.batch.rowIndexes) {
      this.results.set(rowIndex, {
        result: { ok: false, error: { code, message } },
        cacheable,
        modelVersion: null,
      });
    }
  }
}
