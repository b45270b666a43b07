/**
 * Failing open: when the limiter's backend is down the edge lets requests through rather
 * than refusing everyone. Availability wins over strictness here because the limiter
 * protects capacity, not secrets — authentication and the services' own checks (login
 * throttling in the users service, ownership checks) still stand — and an outage of Redis
 * must not become an outage of the whole storefront. Every such pass is logged (at most
 * once per interval) and counted in `edge_rate_limiter_failures_total`, so it is seen.
 * @module
 */
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import type { Limiter, LimitResult } from "./limiter.ts";

/** Options of {@linkcode failOpen}. */
export interface FailOpenOptions {
  logger: Logger;
  registry: Registry;
  /** Minimum time between two warnings, in milliseconds; 10000 by default. */
  warnEveryMs?: number;
}

/** Wraps `limiter` so that backend errors let the request pass, marked `degraded`. */
export function failOpen(limiter: Limiter, options: FailOpenOptions): Limiter {
  const { logger, registry, warnEveryMs = 10_000 } = options;
  const failures = registry.counter(
    "edge_rate_limiter_failures_total",
    "Rate-limit checks that failed and let the request through unchecked",
  );
  let lastWarned = -Infinity;
  return {
    kind: limiter.kind,
    async limit(key, rule, count): Promise<LimitResult> {
      try {
        return await limiter.limit(key, rule, count);
      } catch (error) {
        failures.inc({ backend: limiter.kind, rule: rule.name });
        const now = Date.now();
        if (now - lastWarned >= warnEveryMs) {
          lastWarned = now;
          logger.warn("Rate limiter unavailable; letting requests through", {
            backend: limiter.kind,
            error: error instanceof Error ? error.message : String(error),
          });
        }
        return {
          success: true,
          limit: rule.limit,
          remaining: rule.limit,
          reset: now + rule.windowMs,
          degraded: true,
        };
      }
    },
    ping: () => limiter.ping(),
  };
}
