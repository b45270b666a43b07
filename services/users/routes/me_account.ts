/**
 * The signed-in user's credentials: `/api/me/password`, `/api/me/email` and
 * `/api/me/email/verification`. Each asks for what proves the person is the owner: the
 * current password to change either, a link mailed to the new address before it applies.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, validationProblem, z } from "@marquee/http";
import { recentTokenTimes, retireAccountTokens } from "../db/account_tokens.ts";
import { revokeUserTokens } from "../db/refresh_tokens.ts";
import { findUserByEmail, findUserById, updatePassword } from "../db/users.ts";
import { MAIL_POLICY, mailWait } from "../domain/account_tokens.ts";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "../domain/password_policy.ts";
import { passwordChanged } from "../events/outgoing.ts";
import { sendVerificationLink } from "./_verification_link.ts";
import { issueRefreshToken } from "../security/sessions.ts";
import type { RouteDeps } from "./_deps.ts";
import { confirmPassword } from "./_current_password.ts";
import { refreshCookie } from "./_refresh_cookie.ts";
import { problems } from "./_schemas.ts";

const Password = z.string().max(MAX_PASSWORD_LENGTH * 4);

const ChangePassword = z.object({
  currentPassword: Password.min(1),
  newPassword: Password.describe(
    "At least 10 characters, not a common password, not containing the email",
  ),
}).strict().openapi("ChangePassword");

const ChangeEmail = z.object({
  newEmail: z.string().trim().toLowerCase().max(254).email(),
  currentPassword: Password.min(1),
}).strict().openapi("ChangeEmail");

const EmailChangePending = z.object({
  pendingEmail: z.string().describe("Receives the link; the change applies once it is followed"),
}).openapi("EmailChangePending");

const VerificationSent = z.object({
  sentTo: z.string(),
}).openapi("VerificationSent");

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });

/** Routes under `/api/me` that change credentials. */
export function meAccountRoutes(deps: RouteDeps) {
  const { sql, config, clock, verifier, passwords } = deps;
  const auth = requireAuth({ verifier });
  const gone = () => new HttpProblem(401, "The account of this token no longer exists");
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "post",
      path: "/password",
      tags: ["me"],
      summary: "Change the password; ends every other session",
      description: "The caller's session goes on with a new refresh cookie; the owner is mailed.",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: { body: { required: true, content: json(ChangePassword) } },
      responses: {
        204: { description: "Changed; the new `marquee_refresh` cookie is set" },
        ...problems({ 401: "Not signed in", 422: "Bad fields", 429: "Too many wrong passwords" }),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const user = await findUserById(sql, c.get("principal").userId);
      if (!user) throw gone();
      await confirmPassword(deps, c, {
        user,
        password: body.currentPassword,
        field: "body.currentPassword",
      });
      const weak = passwordProblem(body.newPassword, user);
      if (weak) throw validationProblem([{ field: "body.newPassword", message: weak }]);
      const hash = await passwords.hash(body.newPassword);
      const now = clock();
      const refreshToken = await sql.begin(async (tx) => {
        await updatePassword(tx, user.id, hash, now);
        await revokeUserTokens(tx, user.id, now);
        await retireAccountTokens(tx, user.id, now, { purpose: "password_reset" });
        await passwordChanged(tx, user.id, "changed", now);
        // Every session ended above; this one goes on in a new family.
        return await issueRefreshToken(tx, {
          userId: user.id,
          familyId: crypto.randomUUID(),
          now,
          ttlSec: config.REFRESH_TOKEN_TTL_SEC,
        });
      });
      c.header(
        "set-cookie",
        refreshCookie(refreshToken, {
          secure: config.COOKIE_SECURE,
          maxAgeSec: config.REFRESH_TOKEN_TTL_SEC,
        }),
      );
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/email",
      tags: ["me"],
      summary: "Ask to change the email; applies when the link mailed to the new one is followed",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: { body: { required: true, content: json(ChangeEmail) } },
      responses: {
        202: { description: "The link is on its way", content: json(EmailChangePending) },
        ...problems({
          401: "Not signed in",
          409: "Another account has that email",
          422: "Bad fields",
          429: "Too many wrong passwords or links",
        }),
      },
    }),
    async (c) => {
      const { newEmail, currentPassword } = c.req.valid("json");
      const user = await findUserById(sql, c.get("principal").userId);
      if (!user) throw gone();
      if (newEmail === user.email) {
        throw validationProblem([{
          field: "body.newEmail",
          message: "This is already your email",
        }]);
      }
      await confirmPassword(deps, c, {
        user,
        password: currentPassword,
        field: "body.currentPassword",
      });
      if (await findUserByEmail(sql, newEmail)) {
        throw new HttpProblem(409, `Email "${newEmail}" is already registered`, {
          errors: [{ field: "body.newEmail", message: `"${newEmail}" belongs to another account` }],
        });
      }
      const now = clock();
      await throttleLinks(user.id, now, { exceptEmail: user.email });
      await sql.begin(async (tx) => {
        // Only the newest address asked for may be confirmed.
        await retireAccountTokens(tx, user.id, now, {
          purpose: "email_verification",
          exceptEmail: user.email,
        });
        await sendVerificationLink(tx, user, { email: newEmail, purpose: "change", now });
      });
      return c.json({ pendingEmail: newEmail }, 202);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/email/verification",
      tags: ["me"],
      summary: "Mail a new link to confirm the current email",
      security: [{ bearer: [] }],
      middleware: [auth],
      responses: {
        202: { description: "The link is on its way", content: json(VerificationSent) },
        ...problems({
          401: "Not signed in",
          409: "The email is already confirmed",
          429: "A link was sent moments ago; see Retry-After",
        }),
      },
    }),
    async (c) => {
      const user = await findUserById(sql, c.get("principal").userId);
      if (!user) throw gone();
      if (user.emailVerifiedAt) throw new HttpProblem(409, "Your email is already confirmed");
      const now = clock();
      await throttleLinks(user.id, now, { email: user.email });
      await sql.begin(async (tx) => {
        await sendVerificationLink(tx, user, { email: user.email, purpose: "verify", now });
      });
      return c.json({ sentTo: user.email }, 202);
    },
  );

  /**
   * Refuses another confirmation link too soon after the last ones to the same kind of
   * address: the current one (`email`), or new ones (`exceptEmail`, the current one).
   */
  async function throttleLinks(
    userId: string,
    now: Date,
    to: { email?: string; exceptEmail?: string },
  ): Promise<void> {
    const since = new Date(now.getTime() - MAIL_POLICY.windowSec * 1000);
    const recent = await recentTokenTimes(sql, userId, "email_verification", since, to);
    const wait = mailWait(recent, now);
    if (wait > 0) {
      throw new HttpProblem(429, `A link was sent moments ago; try again in ${wait} seconds`, {
        headers: { "retry-after": String(wait) },
      });
    }
  }

  return router;
}
