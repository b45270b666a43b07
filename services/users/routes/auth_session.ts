/**
 * Keeping and ending a session: `/api/auth/refresh` and `/api/auth/logout`. Browsers send
 * the refresh cookie; other clients send `{refreshToken}` and get the rotated one back.
 * @module
 */
import { createRoute, createRouter, HttpProblem, z } from "@marquee/http";
import { findUserById } from "../db/users.ts";
import { issueAccessToken } from "../security/access_token.ts";
import { endSession, redeemRefreshToken } from "../security/sessions.ts";
import type { RouteDeps } from "./_deps.ts";
import { clearedRefreshCookie, presentedRefreshToken, refreshCookie } from "./_refresh_cookie.ts";
import { problems, TokenResponse, toUser } from "./_schemas.ts";

const RefreshRequest = z.object({
  refreshToken: z.string().min(1).max(512).optional().describe(
    "For clients without cookies; browsers rely on the `marquee_refresh` cookie",
  ),
}).openapi("RefreshRequest");

const body = { required: false, content: { "application/json": { schema: RefreshRequest } } };

/** Routes under `/api/auth` that rotate and end refresh tokens. */
export function sessionRoutes(deps: RouteDeps) {
  const { sql, config, clock, keys } = deps;
  const cookie = { secure: config.COOKIE_SECURE, maxAgeSec: config.REFRESH_TOKEN_TTL_SEC };
  const refused = () =>
    new HttpProblem(401, "Refresh token is invalid, expired or revoked", {
      headers: { "set-cookie": clearedRefreshCookie(cookie) },
    });
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "post",
      path: "/refresh",
      tags: ["auth"],
      summary: "Rotate the refresh token and get a new access token",
      request: { body },
      responses: {
        200: {
          description: "A new access token; the rotated refresh token is in the cookie",
          content: { "application/json": { schema: TokenResponse } },
        },
        ...problems({ 401: "Refresh token refused; its session may have been revoked" }),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const token = presentedRefreshToken(c, input);
      if (!token) throw refused();
      const now = clock();
      const result = await redeemRefreshToken(
        sql,
        token,
        now,
        config.REFRESH_TOKEN_TTL_SEC,
        config.REFRESH_REUSE_GRACE_SEC,
      );
      if (result.kind === "refused") throw refused();
      const user = await findUserById(sql, result.userId);
      if (!user) throw refused();
      const accessToken = await issueAccessToken(keys, user, now, {
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        ttlSec: config.ACCESS_TOKEN_TTL_SEC,
      });
      c.header("set-cookie", refreshCookie(result.refreshToken, cookie));
      return c.json({
        accessToken,
        tokenType: "Bearer" as const,
        expiresIn: config.ACCESS_TOKEN_TTL_SEC,
        ...(input.refreshToken ? { refreshToken: result.refreshToken } : {}),
        user: toUser(user),
      }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/logout",
      tags: ["auth"],
      summary: "End the session of the presented refresh token",
      request: { body },
      responses: { 204: { description: "Signed out; the cookie is cleared" } },
    }),
    async (c) => {
      const token = presentedRefreshToken(c, c.req.valid("json"));
      if (token) await endSession(sql, token, clock());
      c.header("set-cookie", clearedRefreshCookie(cookie));
      return c.body(null, 204);
    },
  );

  return router;
}
