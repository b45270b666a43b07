/**
 * The rate limiter port: a sliding window per key and rule, answered by Redis through the
 * Upstash REST protocol in production and by process memory in embedded mode.
 * @module
 */

/** A named budget: at most `limit` requests per `windowMs`. */
export interface LimitRule {
  /** Names the budget in keys and metrics: `anonymous`, `user`, `auth`. */
  name: string;
  limit: number;
  windowMs: number;
}

/** The verdict for one request. */
export interface LimitResult {
  success: boolean;
  /** The budget of the window. */
  limit: number;
  /** Requests left in the current window. */
  remaining: number;
  /** When the current window ends, in epoch milliseconds. */
  reset: number;
  /** Set when the backend failed and the request was let through unchecked. */
  degraded?: boolean;
}

/** Counts requests against rules. */
export interface Limiter {
  readonly kind: "memory" | "upstash";
  /**
   * Counts `count` requests (1 by default) for `key` under `rule` and says whether they
   * may pass; a refusal counts nothing.
   */
  limit(key: string, rule: LimitRule, count?: number): Promise<LimitResult>;
  /** Resolves when the backend answers; used by readiness. */
  ping(): Promise<void>;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const RATE = /^\s*(\d+)\s*\/\s*(\d+)\s*(ms|s|m|h)\s*$/;

/** Parses a rate such as `120/60s` or `20/1m` into a rule named `name`; throws on bad input. */
export function parseRate(name: string, text: string): LimitRule {
  const match = RATE.exec(text);
  if (!match) throw new RangeError(`Rate "${text}" is not of the form "<count>/<n><ms|s|m|h>"`);
  const limit = Number(match[1]);
  const windowMs = Number(match[2]) * UNITS[match[3]!]!;
  if (limit < 1 || windowMs < 1) throw new RangeError(`Rate "${text}" must be positive`);
  return { name, limit, windowMs };
}
