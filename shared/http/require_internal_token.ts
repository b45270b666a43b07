/**
 * Guards internal routes with the shared secret in `x-internal-token`, compared in
 * constant time. The edge never forwards these routes, so browsers cannot reach them.
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { HttpProblem } from "./problem.ts";

/** Options of {@linkcode requireInternalToken}. */
export interface InternalTokenOptions {
  token: string;
  header?: string;
}

const digest = async (text: string) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));

/** Answers 401 problem+json unless the request carries the internal token. */
export function requireInternalToken(options: InternalTokenOptions): MiddlewareHandler {
  const { header = "x-internal-token" } = options;
  const expected = digest(options.token);
  return async function requireInternalToken(c, next) {
    const given = c.req.header(header);
    // Hashing first gives equal lengths, so the comparison leaks neither content nor length.
    if (!given || !timingSafeEqual(await digest(given), await expected)) {
      throw new HttpProblem(401, "Internal token is missing or wrong");
    }
    await next();
  };
}
