/**
 * The refresh-token cookie: HttpOnly so scripts cannot read it, SameSite=Strict and
 * scoped to /api/auth so it travels only to the endpoints that use it.
 * @module
 */
import type { Context } from "hono";
import { generateCookie, getCookie } from "hono/cookie";

/** The cookie's name. */
export const REFRESH_COOKIE = "marquee_refresh";

/** Cookie settings. */
export interface RefreshCookieOptions {
  secure: boolean;
  maxAgeSec: number;
}

/** The `Set-Cookie` value carrying `token`. */
export function refreshCookie(token: string, options: RefreshCookieOptions): string {
  return generateCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: options.secure,
    sameSite: "Strict",
    path: "/api/auth",
    maxAge: options.maxAgeSec,
  });
}

/** The `Set-Cookie` value that removes the cookie. */
export function clearedRefreshCookie(options: { secure: boolean }): string {
  return refreshCookie("", { secure: options.secure, maxAgeSec: 0 });
}

/** The refresh token the request presents: the body's when given, else the cookie's. */
export function presentedRefreshToken(c: Context, body: { refreshToken?: string }) {
  return body.refreshToken ?? getCookie(c, REFRESH_COOKIE);
}
