/**
 * problem+json answers for refused requests (RFC 9457), with the RFC 6750 challenge header.
 * @module
 */
import type { Context } from "hono";
import type { AuthError } from "./errors.ts";

function problem(c: Context, status: 401 | 403, title: string, detail: string, challenge: string) {
  return c.body(JSON.stringify({ type: "about:blank", title, status, detail }), status, {
    "content-type": "application/problem+json",
    "www-authenticate": challenge,
  });
}

/** A 401 naming why the token was refused (and no more). */
export function unauthorized(c: Context, error: AuthError): Response {
  // RFC 6750 §3.1: a request with no credentials gets a bare challenge, without an error code.
  const challenge = error.reason === "missing"
    ? "Bearer"
    : `Bearer error="invalid_token", error_description="${error.message}"`;
  return problem(c, 401, "Unauthorized", error.message, challenge);
}

/** A 403 naming the roles that would have been accepted. */
export function forbidden(c: Context, roles: readonly string[]): Response {
  const detail = `Requires one of the roles ${roles.map((r) => `"${r}"`).join(", ")}`;
  return problem(c, 403, "Forbidden", detail, 'Bearer error="insufficient_scope"');
}
