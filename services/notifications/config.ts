/**
 * The notifications service's environment: token verification, mail delivery (SMTP in
 * servers mode, an in-memory outbox folder embedded), the sender's retry policy, the
 * secret that signs stream tickets, and where followers and ticket holders are asked for.
 * @module
 */
import { z } from "zod";
import {
  DEV_INTERNAL_TOKEN,
  DEV_STREAM_TICKET_SECRET,
  optionalEnv as optional,
  ServiceEnv,
  VerifierEnv,
} from "@marquee/config";

const ms = (max: number) => z.coerce.number().int().min(10).max(max);

/** Variables of the notifications service, on top of those every service reads. */
export const NotificationsEnv = ServiceEnv.extend({
  ...VerifierEnv,
  /** The public origin, for links in emails. */
  PUBLIC_URL: z.string().url().default("http://localhost:8000"),
  SMTP_URL: z.string().url().refine(
    (u) => /^smtps?:$/.test(new URL(u).protocol),
    "Must be an smtp:// or smtps:// URL",
  ).default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().min(3).default("Marquee <no-reply@marquee.local>"),
  /** `smtp` in servers mode and `memory` (the dev outbox folder) embedded unless set. */
  MAILER: optional(z.enum(["smtp", "memory"])),
  STREAM_TICKET_SECRET: optional(z.string().min(32, "Must be at least 32 characters")),
  /** How often the sender looks for due emails when nothing wakes it. */
  MAIL_POLL_MS: ms(60_000).default(1_000),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  MAIL_RETRY_BASE_MS: ms(3_600_000).default(2_000),
  MAIL_RETRY_MAX_MS: ms(86_400_000).default(600_000),
  /** How long a claimed email is left alone before another attempt may take it. */
  MAIL_LEASE_MS: ms(3_600_000).default(60_000),
  MAIL_TIMEOUT_MS: ms(120_000).default(10_000),
  /** Sent as `x-internal-token` to ask who follows a creator and who holds a ticket. */
  INTERNAL_TOKEN: optional(z.string().min(24, "Must be at least 24 characters")),
  UPSTREAM_STREAMING: z.string().url().default("http://127.0.0.1:8107"),
  UPSTREAM_SUBSCRIPTIONS: z.string().url().default("http://127.0.0.1:8105"),
}).superRefine((env, ctx) => {
  if (env.MARQUEE_MODE !== "servers") return;
  for (const name of ["STREAM_TICKET_SECRET", "INTERNAL_TOKEN"] as const) {
    if (env[name] === undefined) {
      ctx.addIssue({ code: "custom", path: [name], message: "Required in servers mode" });
    }
  }
}).transform((env) => ({
  ...env,
  MAILER: env.MAILER ?? (env.MARQUEE_MODE === "servers" ? "smtp" : "memory"),
  STREAM_TICKET_SECRET: env.STREAM_TICKET_SECRET ?? DEV_STREAM_TICKET_SECRET,
  INTERNAL_TOKEN: env.INTERNAL_TOKEN ?? DEV_INTERNAL_TOKEN,
}));

/** The parsed configuration of the notifications service. */
export type NotificationsConfig = z.infer<typeof NotificationsEnv>;
