/**
 * The orders service's environment: token verification, the catalog it prices and holds
 * stock with, the cart store, saga timing and live-stream tickets.
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

/** Variables of the orders service, on top of those every service reads. */
export const OrdersEnv = ServiceEnv.extend({
  ...VerifierEnv,
  /** Sent as `x-internal-token` to the catalog's hold API. */
  INTERNAL_TOKEN: optional(z.string().min(24, "Must be at least 24 characters")),
  UPSTREAM_CATALOG: z.string().url().default("http://127.0.0.1:8102"),
  /** `redis` in servers mode and `memory` embedded unless set. */
  CART_STORE: optional(z.enum(["redis", "memory"])),
  CART_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** How long the saga waits for the payment's outcome before cancelling. */
  PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  /** How long a refund may take to be confirmed before the order ends FAILED `refund_failed`. */
  REFUND_TIMEOUT_MS: z.coerce.number().int().min(50).max(86_400_000).default(900_000),
  /** How long the catalog keeps a checkout's units aside. */
  HOLD_TTL_SEC: z.coerce.number().int().min(1).max(3600).default(900),
  /** How often due timers fire and stalled steps are retried. */
  TIMER_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** A saga step unchanged this long is retried (its HTTP call failed or the process died). */
  RETRY_AFTER_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  /** Signs `?ticket=` for the live order stream; every instance must share it. */
  STREAM_TICKET_SECRET: optional(z.string().min(32, "Must be at least 32 characters")),
}).superRefine((env, ctx) => {
  if (env.MARQUEE_MODE === "servers" && env.INTERNAL_TOKEN === undefined) {
    ctx.addIssue({ code: "custom", path: ["INTERNAL_TOKEN"], message: "Required in servers mode" });
  }
  if (env.MARQUEE_MODE === "servers" && env.STREAM_TICKET_SECRET === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["STREAM_TICKET_SECRET"],
      message: "Required in servers mode",
    });
  }
}).transform((env) => ({
  ...env,
  INTERNAL_TOKEN: env.INTERNAL_TOKEN ?? DEV_INTERNAL_TOKEN,
  CART_STORE: env.CART_STORE ?? (env.MARQUEE_MODE === "servers" ? "redis" : "memory"),
  STREAM_TICKET_SECRET: env.STREAM_TICKET_SECRET ?? DEV_STREAM_TICKET_SECRET,
}));

/** The parsed configuration of the orders service. */
export type OrdersConfig = z.infer<typeof OrdersEnv>;
