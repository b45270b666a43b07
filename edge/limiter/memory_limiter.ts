/**
 * The in-process limiter: the same sliding window as `@upstash/ratelimit` (a counter for the
 * current fixed window plus the previous window's counter weighted by how much of it still
 * overlaps), for embedded mode and for a single instance without Redis.
 * @module
 */
import type { Limiter, LimitResult, LimitRule } from "./limiter.ts";

/** Options of {@linkcode createMemoryLimiter}. */
export interface MemoryLimiterOptions {
  /** The clock, in epoch milliseconds. */
  now?: () => number;
  /**
   * Keys held at most; past it the oldest are dropped (which forgives their counts) so a
   * flood of distinct addresses cannot grow memory without bound. 100000 by default.
   */
  maxKeys?: number;
}

interface Counter {
  window: number;
  current: number;
  previous: number;
  windowMs: number;
}

/** Creates an in-memory sliding-window limiter. */
export function createMemoryLimiter(options: MemoryLimiterOptions = {}): Limiter {
  const { now = Date.now, maxKeys = 100_000 } = options;
  const counters = new Map<string, Counter>();
  let calls = 0;

  const sweep = (at: number) => {
    for (const [key, c] of counters) {
      if (Math.floor(at / c.windowMs) > c.window + 1) counters.delete(key);
    }
    for (const key of counters.keys()) {
      if (counters.size <= maxKeys) break;
      counters.delete(key);
    }
  };

  return {
    kind: "memory",
    limit(key: string, rule: LimitRule, count = 1): Promise<LimitResult> {
      const at = now();
      if (++calls % 1000 === 0 || counters.size > maxKeys) sweep(at);
      const id = `${rule.name}:${key}`;
      const window = Math.floor(at / rule.windowMs);
      let c = counters.get(id);
      if (!c || c.windowMs !== rule.windowMs) {
        c = { window, current: 0, previous: 0, windowMs: rule.windowMs };
        counters.set(id, c);
      } else if (c.window !== window) {
        c.previous = c.window === window - 1 ? c.current : 0;
        c.current = 0;
        c.window = window;
      }
      const reset = (window + 1) * rule.windowMs;
      const overlap = 1 - (at % rule.windowMs) / rule.windowMs;
      const weighted = Math.floor(overlap * c.previous);
      if (weighted + c.current + count > rule.limit) {
        return Promise.resolve({ success: false, limit: rule.limit, remaining: 0, reset });
      }
      c.current += count;
      const remaining = Math.max(0, rule.limit - (c.current + weighted));
      return Promise.resolve({ success: true, limit: rule.limit, remaining, reset });
    },
    ping: () => Promise.resolve(),
  };
}
