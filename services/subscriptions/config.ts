/**
 * The subscriptions service's environment: token verification, the internal token guarding
 * `/internal` (and sent to the catalog's), the access cache, and the catalog it reads file
 * lists and download URLs from.
 * @module
 */
import { z } from "zod";
import {
  DEV_INTERNAL_TOKEN,
  optionalEnv as optional,
  ServiceEnv,
  VerifierEnv,
} from "@marquee/config";

/** Used in embedded mode only; servers mode requires a real `INTERNAL_TOKEN`. */
export { DEV_INTERNAL_TOKEN };

/** Variables of the subscriptions service, on top of those every service reads. */
export const SubscriptionsEnv = ServiceEnv.extend({
  ...VerifierEnv,
  /** Sent as `x-internal-token` by callers of `/internal/access` and to the catalog. */
  INTERNAL_TOKEN: optional(z.string().min(24, "Must be at least 24 characters")),
  UPSTREAM_CATALOG: z.string().url().default("http://127.0.0.1:8102"),
  /** `redis` in servers mode and `memory` embedded unless set. */
  ACCESS_CACHE: optional(z.enum(["redis", "memory"])),
  /** How long a cached access answer lives; grants and revokes overwrite it at once. */
  ACCESS_CACHE_TTL_SEC: z.coerce.number().int().min(1).max(86_400).default(300),
}).superRefine((env, ctx) => {
  if (env.MARQUEE_MODE === "servers" && env.INTERNAL_TOKEN === undefined) {
    ctx.addIssue({ code: "custom", path: ["INTERNAL_TOKEN"], message: "Required in servers mode" });
  }
}).transform((env) => ({
  ...env,
  INTERNAL_TOKEN: env.INTERNAL_TOKEN ?? DEV_INTERNAL_TOKEN,
  ACCESS_CACHE: env.ACCESS_CACHE ??
    (env.MARQUEE_MODE === "servers" ? "redis" as const : "memory" as const),
}));

/** The parsed configuration of the subscriptions service. */
export type SubscriptionsConfig = z.infer<typeof SubscriptionsEnv>;
