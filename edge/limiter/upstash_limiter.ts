/**
 * The Redis limiter: `@upstash/ratelimit`'s sliding window over `@upstash/redis`, which
 * talks HTTP (Upstash in production, `infra/upstash/server.ts` locally), so it runs on
 * Deno Deploy as well as in a container.
 * @module
 */
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import type { Limiter, LimitResult, LimitRule } from "./limiter.ts";

/** Options of {@linkcode createUpstashLimiter}. */
export interface UpstashLimiterOptions {
  /** The REST endpoint, such as `https://<db>.upstash.io` or `http://127.0.0.1:8079`. */
  url: string;
  token: string;
  /** Prepended to every key; `marquee:edge:rl` by default. */
  prefix?: string;
  /** How long a check may take before it counts as a backend failure; 1000 ms by default. */
  timeoutMs?: number;
}

/** The backend did not answer in time or at all. */
export class LimiterUnavailableError extends Error {
  override name = "LimiterUnavailableError";
}

/** Creates a limiter backed by Redis over the Upstash REST protocol. */
export function createUpstashLimiter(options: UpstashLimiterOptions): Limiter {
  const { prefix = "marquee:edge:rl", timeoutMs = 1000 } = options;
  const redis = new Redis({
    url: options.url,
    token: options.token,
    enableTelemetry: false,
    // One quick retry at most: a request waiting on the limiter is a request waiting.
    retry: { retries: 1, backoff: () => 50 },
    signal: () => AbortSignal.timeout(timeoutMs),
  });
  const limiters = new Map<string, Ratelimit>();
  const limiterFor = (rule: LimitRule) => {
    const id = `${rule.name}:${rule.limit}:${rule.windowMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis,
        // Sign-in guessing gets the exact sliding window in Redis on every attempt. The
        // ordinary budgets are fixed windows whose counts arrive in batches from the
        // coalescing wrapper (see coalescing_limiter.ts), so they need no local cache here.
        limiter: rule.name === "auth"
          ? Ratelimit.slidingWindow(rule.limit, `${rule.windowMs} ms`)
          : Ratelimit.fixedWindow(rule.limit, `${rule.windowMs} ms`),
        prefix: `${prefix}:${rule.name}`,
        timeout: timeoutMs,
        analytics: false,
        // Remembers blocked keys until their window ends, sparing Redis the floods.
        ephemeralCache: new Map(),
      });
      limiters.set(id, limiter);
    }
    return limiter;
  };

  return {
    kind: "upstash",
    async limit(key, rule, count = 1): Promise<LimitResult> {
      const res = await limiterFor(rule).limit(key, { rate: count });
      // @upstash/ratelimit lets a request through with reason "timeout" when Redis is slow;
      // surface that as a failure so the caller logs and counts it like any other.
      if (res.reason === "timeout") {
        throw new LimiterUnavailableError(`Rate limiter did not answer within ${timeoutMs} ms`);
      }
      return { success: res.success, limit: res.limit, remaining: res.remaining, reset: res.reset };
    },
    async ping() {
      await redis.ping();
    },
  };
}
