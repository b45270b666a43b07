/**
 * What the mailed links lead to, and asking for a reset link: `/api/auth/password/forgot`,
 * `/api/auth/password/reset` and `/api/auth/email/verify`. None needs a session: whoever
 * holds a link proved they read the mailbox it was sent to.
 * @module
 */
import { isUniqueViolation } from "@marquee/db";
import { createRoute, createRouter, HttpProblem, validationProblem, z } from "@marquee/http";
import {
  findAccountToken,
  markAccountTokenUsed,
  recentTokenTimes,
  retireAccountTokens,
} from "../db/account_tokens.ts";
import { revokeUserTokens } from "../db/refresh_tokens.ts";
import {
  EMAIL_TAKEN,
  findUserByEmail,
  findUserById,
  updateEmail,
  updatePassword,
} from "../db/users.ts";
import {
  decideRedeem,
  MAIL_POLICY,
  mailWait,
  type RefusalReason,
  type TokenPurpose,
} from "../domain/account_tokens.ts";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "../domain/password_policy.ts";
import { emailChanged, passwordChanged, passwordResetRequested } from "../events/outgoing.ts";
import { hashAccountToken, issueAccountToken } from "../security/account_tokens.ts";
import type { RouteDeps } from "./_deps.ts";
import { problems } from "./_schemas.ts";

const LinkToken = z.string().trim().min(1).max(128).describe("The `token` of the mailed link");

const ForgotPassword = z.object({
  email: z.string().trim().toLowerCase().max(254).email(),
}).strict().openapi("ForgotPassword");

const ResetPassword = z.object({
  token: LinkToken,
  password: z.string().max(MAX_PASSWORD_LENGTH * 4).describe(
    "At least 10 characters, not a common password, not containing the email",
  ),
}).strict().openapi("ResetPassword");

const VerifyEmail = z.object({ token: LinkToken }).strict().openapi("VerifyEmail");

const EmailVerified = z.object({
  email: z.string(),
  changed: z.boolean().describe("Whether the account moved to this address"),
}).openapi("EmailVerified");

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });

/** The one answer to a reset request, whatever the address: no account enumeration. */
const FORGOT_ANSWER = {
  message: "If an account uses that email, a link to reset its password is on its way",
};

const REFUSALS: Record<RefusalReason, { status: number; message: string }> = {
  unknown: { status: 400, message: "This link is not valid" },
  used: { status: 410, message: "This link was already used" },
  expired: { status: 410, message: "This link has expired" },
};

/** A refused link, naming the `token` field. */
function refused(reason: RefusalReason, purpose: TokenPurpose): HttpProblem {
  const { status, message } = REFUSALS[reason];
  const ask = purpose === "password_reset" ? "Ask for a new reset link" : "Ask for a new one";
  return new HttpProblem(status, `${message}. ${ask}`, {
    title: "Link not usable",
    errors: [{ field: "body.token", message }],
  });
}

/** Routes under `/api/auth` for mailed links. */
export function accountLinkRoutes(deps: RouteDeps) {
  const { sql, clock, passwords } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "post",
      path: "/password/forgot",
      tags: ["auth"],
      summary: "Mail a password reset link, if an account uses the email",
      description: "Answers the same whether or not an account uses the address.",
      request: { body: { required: true, content: json(ForgotPassword) } },
      responses: {
        202: {
          description: "Accepted",
          content: json(z.object({ message: z.string() }).openapi("ForgotPasswordAnswer")),
        },
        ...problems({ 422: "Bad fields" }),
      },
    }),
    async (c) => {
      const { email } = c.req.valid("json");
      const user = await findUserByEmail(sql, email);
      const now = clock();
      if (user) {
        const since = new Date(now.getTime() - MAIL_POLICY.windowSec * 1000);
        const recent = await recentTokenTimes(sql, user.id, "password_reset", since);
        // Too soon after the last link: say the same and send nothing, so the answer
        // tells nothing about the account either.
        if (mailWait(recent, now) === 0) {
          await sql.begin(async (tx) => {
            await retireAccountTokens(tx, user.id, now, { purpose: "password_reset" });
            const link = await issueAccountToken(tx, {
              userId: user.id,
              purpose: "password_reset",
              email: user.email,
              now,
            });
            await passwordResetRequested(tx, user, { ...link, now });
          });
        }
      }
      return c.json(FORGOT_ANSWER, 202);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/password/reset",
      tags: ["auth"],
      summary: "Set a new password with a reset link; ends every session",
      request: { body: { required: true, content: json(ResetPassword) } },
      responses: {
        204: { description: "The password is set; sign in with it" },
        ...problems({
          400: "The link is not valid",
          410: "The link was used or has expired",
          422: "Bad fields",
        }),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const tokenHash = await hashAccountToken(body.token);
      // Read first to check the new password against the account before the slow hash;
      // the token is locked and checked again in the transaction.
      const token = await findAccountToken(sql, tokenHash);
      const user = token ? await findUserById(sql, token.userId) : undefined;
      const first = decideRedeem(token, "password_reset", user?.email ?? "", clock());
      if (first.kind === "refuse") throw refused(first.reason, "password_reset");
      const weak = passwordProblem(body.password, user!);
      if (weak) throw validationProblem([{ field: "body.password", message: weak }]);
      const hash = await passwords.hash(body.password);
      await sql.begin(async (tx) => {
        const now = clock();
        const locked = await findAccountToken(tx, tokenHash, { lock: true });
        const decision = decideRedeem(locked, "password_reset", user!.email, now);
        if (decision.kind === "refuse") throw refused(decision.reason, "password_reset");
        await markAccountTokenUsed(tx, locked!.id, now);
        await retireAccountTokens(tx, user!.id, now, { purpose: "password_reset" });
        await updatePassword(tx, user!.id, hash, now);
        await revokeUserTokens(tx, user!.id, now);
        await passwordChanged(tx, user!.id, "reset", now);
      });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/email/verify",
      tags: ["auth"],
      summary: "Confirm an email with its link; a new address replaces the old one",
      request: { body: { required: true, content: json(VerifyEmail) } },
      responses: {
        200: { description: "The address is confirmed", content: json(EmailVerified) },
        ...problems({
          400: "The link is not valid",
          409: "Another account took the new address meanwhile",
          410: "The link was used or has expired",
          422: "Bad fields",
        }),
      },
    }),
    async (c) => {
      const tokenHash = await hashAccountToken(c.req.valid("json").token);
      try {
        const result = await sql.begin(async (tx) => {
          const now = clock();
          const token = await findAccountToken(tx, tokenHash, { lock: true });
          const user = token && await findUserById(tx, token.userId, { lock: true });
          const decision = decideRedeem(token, "email_verification", user?.email ?? "", now);
          switch (decision.kind) {
            case "refuse":
            case "reset_password":
              throw refused(
                decision.kind === "refuse" ? decision.reason : "unknown",
                "email_verification",
              );
            case "verify":
              await markAccountTokenUsed(tx, token!.id, now);
              if (!user!.emailVerifiedAt) {
                await updateEmail(tx, user!.id, { email: user!.email, verifiedAt: now });
              }
              return { email: user!.email, changed: false };
            case "change_email": {
              const row = await updateEmail(tx, user!.id, {
                email: decision.email,
                verifiedAt: now,
              });
              // Links mailed to the old address (resets, confirmations) stop working.
              await retireAccountTokens(tx, user!.id, now);
              await emailChanged(tx, row, user!.email);
              return { email: row.email, changed: true };
            }
            default: {
              const never: never = decision;
              throw new Error(`Unknown decision ${JSON.stringify(never)}`);
            }
          }
        });
        return c.json(result, 200);
      } catch (error) {
        if (!isUniqueViolation(error, EMAIL_TAKEN)) throw error;
        throw new HttpProblem(409, "Another account uses this email now", {
          errors: [{ field: "body.token", message: "Another account uses this email now" }],
        });
      }
    },
  );

  return router;
}
