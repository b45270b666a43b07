/**
 * Coalescing for the ordinary budgets: the first request of a key in a window asks the
 * shared backend (Redis) and waits for its verdict; the requests after it in the same window
 * are decided from that verdict in memory, and their count is sent to the backend in one
 * call per key every `flushMs` (`limit(key, rule, n)`), whose answer refreshes the local
 * view. The hot path makes no round trip and the backend sees one call per key per flush
 * instead of one per request. The price: several edge instances together may overshoot a
 * budget by what each lets through in one flush interval. Rules listed in `exact` (sign-in)
 * skip all this and ask the backend every time.
 * @module
 */
import type { Limiter, LimitResult, LimitRule } from "./limiter.ts";

/** Options of {@linkcode coalescing}. */
export interface CoalescingOptions {
  /** How often counted requests are sent to the backend; 250 ms by default. */
  flushMs?: number;
  /** Rule names decided by the backend on every request. */
  exact?: readonly string[];
  /** Keys held at most; past it windows are forgotten oldest first. 100000 by default. */
  maxKeys?: number;
  /** The clock, in epoch milliseconds. */
  now?: () => number;
  /** Called with errors of background flushes (the local decisions stand). */
  onFlushError?: (error: unknown) => void;
}

interface Window {
  rule: LimitRule;
  key: string;
  limit: number;
  /** What the backend last said is left, before `unsent`. */
  remaining: number;
  reset: number;
  /** Requests let through here and not yet sent. */
  unsent: number;
}

/** A limiter that also says when its pending counts reached the backend. */
export interface CoalescingLimiter extends Limiter {
  /** Sends every pending count now; resolves when the backend answered. */
  flush(): Promise<void>;
  /** Stops the flush timer after a last flush. */
  close(): Promise<void>;
}

/** Wraps `backend` so that ordinary budgets are decided locally between flushes. */
export function coalescing(backend: Limiter, options: CoalescingOptions = {}): CoalescingLimiter {
  const { flushMs = 250, exact = ["auth"], maxKeys = 100_000, now = Date.now } = options;
  const windows = new Map<string, Window>();
  const dirty = new Set<Window>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = async () => {
    timer = undefined;
    const batch = [...dirty];
    dirty.clear();
    await Promise.all(batch.map(async (w) => {
      const count = w.unsent;
      if (count === 0) return;
      w.unsent -= count;
      // Counts of a window that has ended belong to no budget any more.
      if (w.reset <= now()) return;
      try {
        const verdict = await backend.limit(w.key, w.rule, count);
        // A newer window may have replaced this one meanwhile; only a live one learns.
        const live = windows.get(id(w.rule, w.key)) === w;
        if (live && !verdict.degraded && verdict.reset >= w.reset) {
          w.remaining = verdict.success ? verdict.remaining : 0;
          w.reset = verdict.reset;
        }
      } catch (error) {
        options.onFlushError?.(error);
      }
    }));
  };
  const schedule = () => {
    if (timer !== undefined) return;
    const handle = setTimeout(() => void flush(), flushMs);
    Deno.unrefTimer(handle);
    timer = handle;
  };
  const forgetOld = (at: number) => {
    for (const [k, w] of windows) if (w.reset <= at && w.unsent === 0) windows.delete(k);
    for (const k of windows.keys()) {
      if (windows.size <= maxKeys) break;
      windows.delete(k);
    }
  };

  return {
    kind: backend.kind,
    async limit(key, rule, count = 1): Promise<LimitResult> {
      if (exact.includes(rule.name)) return await backend.limit(key, rule, count);
      const at = now();
      const k = id(rule, key);
      const known = windows.get(k);
      if (!known || known.reset <= at) {
        // First in its window here: the backend decides and sets the local view.
        const verdict = await backend.limit(key, rule, count);
        // A backend that failed decided nothing: the next request asks again.
        if (verdict.degraded) return verdict;
        if (windows.size >= maxKeys) forgetOld(at);
        windows.set(k, {
          rule,
          key,
          limit: verdict.limit,
          remaining: verdict.success ? verdict.remaining : 0,
          reset: verdict.reset,
          unsent: 0,
        });
        return verdict;
      }
      const left = known.remaining - known.unsent;
      if (left < count) {
        return { success: false, limit: known.limit, remaining: 0, reset: known.reset };
      }
      known.unsent += count;
      dirty.add(known);
      schedule();
      return {
        success: true,
        limit: known.limit,
        remaining: left - count,
        reset: known.reset,
      };
    },
    ping: () => backend.ping(),
    flush,
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      await flush();
    },
  };
}

const id = (rule: LimitRule, key: string) => `${rule.name}:${rule.limit}:${rule.windowMs}:${key}`;
