/**
 * The payments service's environment: token verification, which payment provider charges
 * (Stripe, or the simulated one in embedded mode) and Stripe's keys.
 * @module
 */
import { z } from "zod";
import { optionalEnv as optional, ServiceEnv, VerifierEnv } from "@marquee/config";

/** Verifies webhooks in embedded mode only; servers mode requires a real secret. */
export const DEV_WEBHOOK_SECRET = "whsec_dev_only_payments_webhook_secret_change_me";
/**
 * A key stripe-mock accepts (it wants `sk_test_` and letters or digits only); real Stripe
 * requires `STRIPE_SECRET_KEY`.
 */
export const STRIPE_MOCK_KEY = "sk_test_marqueeStripeMock";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Whether `apiBase` is a Stripe API on this machine, i.e. stripe-mock. */
export function isLocalStripe(apiBase: string): boolean {
  return LOOPBACK.has(new URL(apiBase).hostname);
}

/** Variables of the payments service, on top of those every service reads. */
export const PaymentsEnv = ServiceEnv.extend({
  ...VerifierEnv,
  /** `stripe` in servers mode and `simulated` embedded unless set. */
  PAYMENT_PROVIDER: optional(z.enum(["stripe", "simulated"])),
  /** `http://127.0.0.1:12111` for the local stripe-mock. */
  STRIPE_API_BASE: z.string().url().default("https://api.stripe.com"),
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_/, "Must be a Stripe secret key")),
  STRIPE_WEBHOOK_SECRET: optional(z.string().min(16, "Must be at least 16 characters")),
  /**
   * stripe-mock is stateless: it never declines and answers every confirmation with a fixed
   * status. With this on, the Stripe adapter declines Stripe's declining test payment methods
   * (`pm_card_chargeDeclined*`) itself and reads other confirmations as succeeded. On by
   * default only when the API base is on loopback (stripe-mock); never on against real Stripe.
   */
  STRIPE_MOCK_DECLINES: optional(z.enum(["true", "false"])),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
}).superRefine((env, ctx) => {
  if (env.MARQUEE_MODE !== "servers") return;
  if (env.STRIPE_WEBHOOK_SECRET === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["STRIPE_WEBHOOK_SECRET"],
      message: "Required in servers mode",
    });
  }
  const stripe = (env.PAYMENT_PROVIDER ?? "stripe") === "stripe";
  if (stripe && env.STRIPE_SECRET_KEY === undefined && !isLocalStripe(env.STRIPE_API_BASE)) {
    ctx.addIssue({
      code: "custom",
      path: ["STRIPE_SECRET_KEY"],
      message: "Required for a Stripe API that is not the local stripe-mock",
    });
  }
}).transform((env) => ({
  ...env,
  PAYMENT_PROVIDER: env.PAYMENT_PROVIDER ??
    (env.MARQUEE_MODE === "servers" ? "stripe" as const : "simulated" as const),
  STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY ?? STRIPE_MOCK_KEY,
  STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET ?? DEV_WEBHOOK_SECRET,
  STRIPE_MOCK_DECLINES: env.STRIPE_MOCK_DECLINES === undefined
    ? isLocalStripe(env.STRIPE_API_BASE)
    : env.STRIPE_MOCK_DECLINES === "true",
}));

/** The parsed configuration of the payments service. */
export type PaymentsConfig = z.infer<typeof PaymentsEnv>;
