/**
 * Rate limiting by the caller: per user when a verified token names one, per address
 * otherwise, and the stricter sign-in rule per address on routes marked `auth` (whoever is
 * signed in, so a stolen token cannot buy password guesses). Answers carry the IETF
 * `RateLimit-*` headers; refusals are 429 problem+json with `Retry-After`.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { problem } from "../_problem.ts";
import type { Principal } from "@marquee/auth";
import type { RouteEntry } from "../gateway/route_table.ts";
import type { EdgeEnv } from "../gateway/variables.ts";
import type { Limiter, LimitResult, LimitRule } from "../limiter/limiter.ts";

/** The three budgets. */
export interface RateLimitRules {
  anonymous: LimitRule;
  user: LimitRule;
  auth: LimitRule;
}

/** Options of {@linkcode rateLimit}. */
export interface RateLimitOptions {
  limiter: Limiter;
  rules: RateLimitRules;
  /** Paths never counted, such as static assets. */
  exempt?: readonly string[];
}

/** Counts the request against the caller's budget and refuses it once spent. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<EdgeEnv> {
  const { limiter, rules, exempt = [] } = options;
  return async function rateLimit(c, next) {
    if (exempt.some((prefix) => c.req.path.startsWith(prefix))) return await next();
    const [rule, key] = budgetFor(
      c.get("route"),
      c.get("principal"),
      c.get("clientAddress"),
      rules,
    );
    const result = await limiter.limit(key, rule);
    const headers = result.degraded ? {} : rateLimitHeaders(result, rule);
    if (!result.success) return problem(c, 429, tooMany(rule), refusalHeaders(headers));
    await next();
    if (c.res.status === 101) return; // an upgraded socket's response cannot be touched
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
  };
}

/** The budget a request is counted against, and the key it is counted under. */
export function budgetFor(
  route: RouteEntry | undefined,
  principal: Principal | undefined,
  address: string,
  rules: RateLimitRules,
): [LimitRule, string] {
  if (route?.limit === "auth") return [rules.auth, `ip:${address}`];
  return principal ? [rules.user, `user:${principal.userId}`] : [rules.anonymous, `ip:${address}`];
}

/** The detail of a 429 answer. */
export function tooMany(rule: LimitRule): string {
  return `Too many requests; the limit is ${rule.limit} per ${rule.windowMs / 1000} s`;
}

/** The headers of a 429 answer, from the verdict's `RateLimit-*` headers. */
export function refusalHeaders(headers: Record<string, string>): Record<string, string> {
  return { ...headers, "retry-after": headers["ratelimit-reset"] ?? "1" };
}

/** The IETF `RateLimit-*` headers (draft-ietf-httpapi-ratelimit-headers) for a verdict. */
export function rateLimitHeaders(result: LimitResult, rule: LimitRule): Record<string, string> {
  const resetSec = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
  return {
    "ratelimit-limit": String(result.limit),
    "ratelimit-remaining": String(Math.max(0, result.remaining)),
    "ratelimit-reset": String(resetSec),
    "ratelimit-policy": `${rule.limit};w=${Math.ceil(rule.windowMs / 1000)}`,
  };
}
