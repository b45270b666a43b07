/**
 * A bulkhead: at most `maxConcurrent` calls run at once, up to `maxQueue` more wait in line,
 * and anything past that is refused at once so a slow dependency cannot soak up every
 * request the service is handling.
 * @module
 */
import { BulkheadRejectedError } from "./errors.ts";

/** Sizes of a bulkhead and a hook to observe it. */
export interface BulkheadOptions {
  /** Calls allowed to run at once; 32 by default. */
  maxConcurrent?: number;
  /** Calls allowed to wait for a slot; 64 by default. */
  maxQueue?: number;
  /** Called after every change of the active or queued count. */
  onChange?: (stats: BulkheadStats) => void;
}

/** How full a bulkhead is. */
export interface BulkheadStats {
  active: number;
  queued: number;
}

/** A concurrency limiter with a bounded queue. */
export interface Bulkhead {
  /** Runs `fn` when a slot is free; rejects with `BulkheadRejectedError` if the queue is full. */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** The current active and queued counts. */
  stats(): BulkheadStats;
}

/** Creates a bulkhead. */
export function createBulkhead(options: BulkheadOptions = {}): Bulkhead {
  const { maxConcurrent = 32, maxQueue = 64, onChange } = options;
  if (!(maxConcurrent >= 1)) throw new RangeError(`Bulkhead needs "maxConcurrent" of at least 1`);
  let active = 0;
  const waiting: Array<() => void> = [];
  const stats = (): BulkheadStats => ({ active, queued: waiting.length });
  const changed = () => onChange?.(stats());

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (active < maxConcurrent) {
      active++;
      changed();
      return Promise.resolve();
    }
    if (waiting.length >= maxQueue) {
      return Promise.reject(new BulkheadRejectedError(maxConcurrent, maxQueue));
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const i = waiting.indexOf(grant);
        if (i >= 0) waiting.splice(i, 1);
        changed();
        reject(signal!.reason);
      };
      // The releasing call hands its slot over directly, so `active` stays unchanged.
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      waiting.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
      changed();
    });
  };

  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
    changed();
  };

  return {
    async run(fn, signal) {
      await acquire(signal);
      try {
        return await fn();
      } finally {
        release();
      }
    },
    stats,
  };
}
