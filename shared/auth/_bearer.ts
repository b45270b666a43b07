/**
 * Reads the bearer token from an `Authorization` header.
 * @module
 */
import { AuthError } from "./errors.ts";

/**
 * The token of a `Bearer` header; undefined when there is no header or another scheme.
 * Throws `AuthError("malformed")` for a `Bearer` header without a usable token.
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^\s*bearer(?:\s+(.*))?$/i.exec(header);
  if (!match) return undefined;
  const token = match[1]?.trim();
  if (!token || /\s/.test(token)) throw new AuthError("malformed");
  return token;
}
