/**
 * `GET /api/payments/{orderId}`: an order's payment, for its buyer and for admins. Anyone
 * else gets the same 404 as for an order without a payment, so order ids do not leak.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, problems, z } from "@marquee/http";
import { findClientSecret } from "../db/payment_actions.ts";
import { findPaymentByOrder } from "../db/payments.ts";
import type { Payment } from "../domain/payment.ts";
import type { RouteDeps } from "./_deps.ts";

const Money = z.object({
  amount: z.number().int().describe("Minor units (cents)"),
  currency: z.string(),
}).openapi("Money");

/** A payment as the API shows it. */
export const PaymentView = z.object({
  id: z.string().uuid(),
  orderId: z.string().uuid(),
  buyerId: z.string().uuid(),
  amount: Money,
  status: z.enum(["pending", "succeeded", "failed", "refunded"]),
  provider: z.string(),
  providerPaymentId: z.string().nullable(),
  refundId: z.string().nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  succeededAt: z.string().datetime().nullable(),
  failedAt: z.string().datetime().nullable(),
  refundedAt: z.string().datetime().nullable(),
  nextAction: z.object({
    type: z.literal("authenticate"),
    clientSecret: z.string().describe("For Stripe.js `handleNextAction`; the buyer's alone"),
  }).nullable().describe("What the buyer's browser must do for a pending payment, if anything"),
}).openapi("Payment");

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The API shape of a payment. */
export function toPaymentView(
  p: Payment,
  clientSecret: string | null = null,
): z.infer<typeof PaymentView> {
  return {
    ...p,
    nextAction: p.status === "pending" && clientSecret
      ? { type: "authenticate", clientSecret }
      : null,
    amount: { ...p.amount },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    succeededAt: iso(p.succeededAt),
    failedAt: iso(p.failedAt),
    refundedAt: iso(p.refundedAt),
  };
}

/** Routes under `/api/payments` for people. */
export function paymentsRoutes(deps: RouteDeps) {
  const { sql, verifier } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "get",
      path: "/{orderId}",
      tags: ["payments"],
      summary: "An order's payment (its buyer or an admin)",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier })],
      request: { params: z.object({ orderId: z.string().uuid() }) },
      responses: {
        200: {
          description: "The payment",
          content: { "application/json": { schema: PaymentView } },
        },
        ...problems({
          401: "Not signed in",
          404: "No payment for this order that the caller may see",
          422: "Bad order id",
        }),
      },
    }),
    async (c) => {
      const { orderId } = c.req.valid("param");
      const principal = c.get("principal");
      const payment = await findPaymentByOrder(sql, orderId);
      const allowed = payment &&
        (payment.buyerId === principal.userId || principal.roles.includes("admin"));
      if (!allowed) throw new HttpProblem(404, `No payment for order "${orderId}"`);
      // The secret completes the buyer's own authentication: no one else ever sees it.
      const secret = payment.buyerId === principal.userId && payment.status === "pending"
        ? await findClientSecret(sql, orderId)
        : null;
      return c.json(toPaymentView(payment, secret), 200);
    },
  );
  return router;
}
