/**
 * Registration and sign-in: `/api/auth/register` and `/api/auth/login`.
 * @module
 */
import { isUniqueViolation } from "@marquee/db";
import { createRoute, createRouter, HttpProblem, validationProblem, z } from "@marquee/http";
import { EMAIL_TAKEN, findUserByEmail, insertUser, type UserRow } from "../db/users.ts";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "../domain/password_policy.ts";
import { registrationRoles, SELF_SERVICE_ROLES } from "../domain/roles.ts";
import { userRegistered } from "../events/outgoing.ts";
import { sendVerificationLink } from "./_verification_link.ts";
import { issueAccessToken } from "../security/access_token.ts";
import { issueRefreshToken } from "../security/sessions.ts";
import type { RouteDeps } from "./_deps.ts";
import { passwordAttempt } from "./_password_attempts.ts";
import { refreshCookie } from "./_refresh_cookie.ts";
import { DisplayName, problems, TokenResponse, toUser, User } from "./_schemas.ts";

const Email = z.string().trim().toLowerCase().max(254);
/** A hard cap before the policy runs, so no huge input ever reaches argon2. */
const Password = z.string().max(MAX_PASSWORD_LENGTH * 4);

const RegisterRequest = z.object({
  email: Email.email(),
  password: Password.describe(
    "At least 10 characters, not a common password, not containing the email",
  ),
  displayName: DisplayName,
  role: z.enum(SELF_SERVICE_ROLES).optional().describe("Ask for creator; buyer is implied"),
}).openapi("RegisterRequest");

const LoginRequest = z.object({
  email: Email.min(1),
  password: Password.min(1),
}).openapi("LoginRequest");

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });

/** Routes under `/api/auth` that start a session. */
export function authRoutes(deps: RouteDeps) {
  const { sql, config, clock, passwords, keys } = deps;
  const tokens = {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSec: config.ACCESS_TOKEN_TTL_SEC,
  };
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "post",
      path: "/register",
      tags: ["auth"],
      summary: "Create an account",
      request: { body: { required: true, content: json(RegisterRequest) } },
      responses: {
        201: { description: "The new account", content: json(z.object({ user: User })) },
        ...problems({ 409: "Email already registered", 413: "Body too large", 422: "Bad fields" }),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const weak = passwordProblem(body.password, body);
      if (weak) throw validationProblem([{ field: "body.password", message: weak }]);
      const now = clock();
      const user: UserRow = {
        id: crypto.randomUUID(),
        email: body.email,
        passwordHash: await passwords.hash(body.password),
        displayName: body.displayName,
        bio: null,
        roles: registrationRoles(body.role),
        emailVerifiedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      try {
        await sql.begin(async (tx) => {
          await insertUser(tx, user);
          await userRegistered(tx, user);
          // Buying never waits for it; the account page shows whether it was confirmed.
          await sendVerificationLink(tx, user, { email: user.email, purpose: "verify", now });
        });
      } catch (error) {
        if (!isUniqueViolation(error, EMAIL_TAKEN)) throw error;
        throw new HttpProblem(409, `Email "${user.email}" is already registered`);
      }
      return c.json({ user: toUser(user) }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/login",
      tags: ["auth"],
      summary: "Sign in; sets the refresh cookie",
      request: { body: { required: true, content: json(LoginRequest) } },
      responses: {
        200: {
          description: "An access token; the refresh token is in the `marquee_refresh` cookie",
          content: json(TokenResponse),
        },
        ...problems({
          401: "Wrong email or password",
          422: "Bad fields",
          429: "Too many failures; see Retry-After",
        }),
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const attempt = await passwordAttempt(deps, c, email, "failed logins");
      const now = clock();
      const user = await findUserByEmail(sql, email);
      const ok = user
        ? await passwords.verify(user.passwordHash, password)
        : await passwords.verifyNobody(password);
      if (!user || !ok) {
        await attempt.failed();
        throw new HttpProblem(401, "Email or password is incorrect");
      }
      await attempt.succeeded();
      const refreshToken = await issueRefreshToken(sql, {
        userId: user.id,
        familyId: crypto.randomUUID(),
        now,
        ttlSec: config.REFRESH_TOKEN_TTL_SEC,
      });
      const accessToken = await issueAccessToken(keys, user, now, tokens);
      c.header(
        "set-cookie",
        refreshCookie(refreshToken, {
          secure: config.COOKIE_SECURE,
          maxAgeSec: config.REFRESH_TOKEN_TTL_SEC,
        }),
      );
      return c.json({
        accessToken,
        tokenType: "Bearer" as const,
        expiresIn: tokens.ttlSec,
        user: toUser(user),
      }, 200);
    },
  );

  return router;
}
