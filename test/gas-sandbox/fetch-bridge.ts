// Makes the worker's asynchronous HTTP synchronous for the script, as UrlFetchApp is in Apps Script:
// post the batch to fetch-worker.mjs, then block this thread with Atomics.wait until the worker bumps
// the shared counter, and read its answer with receiveMessageOnPort (sync-port.ts).
// Own code rather than synckit so that the wait can stop at the execution deadline and close() can
// terminate the thread.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { awaitReply } from './sync-port';

export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  followRedirects: boolean;
  validateHttpsCertificates: boolean;
}

export type NetworkFailure = 'timeout' | 'unavailable' | 'dns' | 'dropped' | 'ssl' | 'other';

export type WireResult =
  | {
      ok: true;
      status: number;
      rawHeaders: string[];
      body: Uint8Array;
      startedAt: number;
      durationMs: number;
    }
  | { ok: false; kind: NetworkFailure; detail: string; startedAt: number; durationMs: number };

interface Reply {
  id: number;
  results: WireResult[];
}

/** How much longer than its own per-request timeout the host waits for the worker's answer. */
const WORKER_GRACE_MS = 5_000;

export class FetchBridge {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private counter: Int32Array | undefined;
  private nextId = 1;

  /**
   * Runs the requests in parallel and returns their results in order, or 'deadline' when the
   * execution's time ran out first (the caller ends the execution then).
   */
  run(requests: WireRequest[], timeoutMs: number, executionRemainingMs: number): WireResult[] | 'deadline' {
    const { port, counter } = this.start();
    const id = this.nextId++;
    port.postMessage({ id, requests, timeoutMs });
    const waitUntil = performance.now() + Math.min(timeoutMs + WORKER_GRACE_MS, executionRemainingMs);
    const reply = awaitReply<Reply>(port, counter, id, waitUntil);
    return reply === 'timeout' ? 'deadline' : reply.results;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.port?.close();
    this.port = undefined;
    if (worker) await worker.terminate();
  }

  private start(): { port: MessagePort; counter: Int32Array } {
    if (this.worker && this.port && this.counter) return { port: this.port, counter: this.counter };
    const { port1, port2 } = new MessageChannel();
    const counter = new Int32Array(new SharedArrayBuffer(4));
    this.worker = new Worker(path.join(__dirname, 'fetch-worker.mjs'), {
      workerData: { port: port2, counter: counter.buffer },
      transferList: [port2],
    });
    // Neither the idle worker nor the port may keep a test run or a benchmark process alive.
    this.worker.unref();
    port1.unref();
    this.port = port1;
    this.counter = counter;
    return { port: port1, counter };
  }
}
