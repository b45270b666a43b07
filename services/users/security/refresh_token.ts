/**
 * Refresh-token values: 32 random bytes, base64url. Only their SHA-256 is stored, so a
 * leaked table cannot be replayed.
 * @module
 */
import { base64url } from "jose";

/** A new random refresh token. */
export function newRefreshToken(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/** The hex SHA-256 of a token, as stored and looked up. */
export async function hashRefreshToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
