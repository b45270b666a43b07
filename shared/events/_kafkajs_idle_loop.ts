/**
 * A fix for kafkajs 2.2.4's request queue, applied once on import. After every check of its
 * pending requests the queue arms a new timer, even with nothing pending; with no throttle in
 * force the delay is negative, which timers run after 1 ms. So each broker connection wakes
 * its process a thousand times a second for nothing (kafkajs#1704, the cause of the
 * `TimeoutNegativeWarning` kafkajs#1751), which every service and edge isolate paid for in
 * CPU, garbage and latency. With nothing pending and no throttle to wait out there is nothing
 * to check: a request that has to wait schedules its own check when it is queued.
 * @module
 */
// kafkajs has no `exports` map: its internal modules are reachable by path.
import RequestQueue from "kafkajs/src/network/requestQueue/index.js";

interface Queue {
  pending: unknown[];
  throttledUntil: number;
}

const proto = (RequestQueue as unknown as { prototype: Record<string, unknown> }).prototype;
const schedule = proto.scheduleCheckPendingRequests as (this: Queue) => void;
if (typeof schedule !== "function") {
  throw new Error("kafkajs changed: RequestQueue.scheduleCheckPendingRequests is gone");
}

/** Whether the queue has anything a timer would need to check. */
export function needsCheck(queue: Queue, now: number): boolean {
  return queue.pending.length > 0 || queue.throttledUntil > now;
}

if (!(schedule as { patched?: boolean }).patched) {
  const patched = function (this: Queue) {
    if (needsCheck(this, Date.now())) schedule.call(this);
  };
  (patched as { patched?: boolean }).patched = true;
  proto.scheduleCheckPendingRequests = patched;
}
