// Synchronous request/reply over a MessagePort, for fakes whose Apps Script original is synchronous
// but whose work happens in another thread (UrlFetchApp in fetch-bridge.ts, shared stores in
// concurrent/state-client.ts). The other side answers { id, ... } on the port, then increments the
// shared counter and notifies it; this side blocks with Atomics.wait and reads the answer with
// receiveMessageOnPort, which needs no event loop.
import { performance } from 'node:perf_hooks';
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/** The reply to `id`, or 'timeout' once performance.now() passes `waitUntil`. Other ids are dropped. */
export function awaitReply<T extends { id: number }>(
  port: MessagePort,
  counter: Int32Array,
  id: number,
  waitUntil: number,
): T | 'timeout' {
  for (;;) {
    // Read the counter BEFORE looking at the port, so that an answer arriving in between still
    // changes the counter and Atomics.wait returns at once instead of missing the wake-up.
    const seen = Atomics.load(counter, 0);
    const received = receiveMessageOnPort(port);
    if (received) {
      const reply = received.message as T;
      if (reply.id === id) return reply;
      continue; // a late answer to a call that was already given up on: drop it
    }
    const left = waitUntil - performance.now();
    if (left <= 0) return 'timeout';
    Atomics.wait(counter, 0, seen, left);
  }
}

/** The other side's half: answer, then wake the waiting thread. */
export function sendReply(port: MessagePort, counter: Int32Array, reply: { id: number }): void {
  port.postMessage(reply);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}
