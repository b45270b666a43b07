/**
 * The users service's environment: token lifetimes, signing-key custody, login throttling,
 * cookie flags and the optional first admin.
 * @module
 */
import { z } from "zod";
// An empty variable counts as unset, so `ADMIN_EMAIL=` in a file disables the bootstrap.
import { optionalEnv as optional, ServiceEnv } from "@marquee/config";

/** Reads "true"/"false" (also "1"/"0"); `z.coerce.boolean` would take "false" as true. */
const flag = (fallback: boolean) =>
  z.enum(["true", "false", "1", "0"]).default(fallback ? "true" : "false").transform((v) =>
    v === "true" || v === "1"
  );

const seconds = z.coerce.number().int().positive();

/** Variables of the users service, on top of those every service reads. */
export const UsersEnv = ServiceEnv.extend({
  JWT_ISSUER: z.string().min(1).default("http://localhost:8000"),
  JWT_AUDIENCE: z.string().min(1).default("marquee"),
  ACCESS_TOKEN_TTL_SEC: seconds.default(900),
  REFRESH_TOKEN_TTL_SEC: seconds.default(30 * 24 * 3600),
  /**
   * How long after its rotation a refresh token may come back once more without counting
   * as stolen: two tabs of one browser refreshing at the same moment. 0 is the strict rule.
   */
  REFRESH_REUSE_GRACE_SEC: z.coerce.number().int().min(0).max(60).default(10),
  /** Encrypts signing keys at rest; losing it means generating new keys. */
  KEY_ENCRYPTION_SECRET: z.string().min(32, "Must be at least 32 characters"),
  SIGNING_KEY_MAX_AGE_DAYS: z.coerce.number().positive().default(30),
  COOKIE_SECURE: flag(true),
  /** Take the client address from `x-forwarded-for` (only behind a proxy that sets it). */
  TRUST_PROXY: flag(false),
  LOGIN_WINDOW_SEC: seconds.default(900),
  LOGIN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  /** Argon2id memory in KiB; the default is the OWASP minimum, lower only for tests. */
  PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(1024).max(1_048_576).default(19_456),
  PASSWORD_HASH_TIME_COST: z.coerce.number().int().min(1).max(10).default(2),
  ADMIN_EMAIL: optional(z.string().trim().toLowerCase().email()),
  ADMIN_PASSWORD: optional(z.string()),
}).refine((env) => (env.ADMIN_EMAIL === undefined) === (env.ADMIN_PASSWORD === undefined), {
  message: "Set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither",
  path: ["ADMIN_PASSWORD"],
});

/** The parsed configuration of the users service. */
export type UsersConfig = z.infer<typeof UsersEnv>;
