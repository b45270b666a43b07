/**
 * `POST /api/payments/webhooks/stripe`: Stripe's notifications. The signature is checked on
 * the raw body; each event id is applied once (a table of seen ids, in the same transaction
 * as the change); and an event only ever moves a payment forward, so late, repeated and
 * out-of-order deliveries emit nothing twice. An event about an intent this service created
 * but has not recorded yet answers 409, and Stripe delivers it again later.
 * @module
 */
import { createRoute, createRouter, HttpProblem, problems, z } from "@marquee/http";
import { lockPaymentByProviderId } from "../db/payments.ts";
import { recordWebhookEvent } from "../db/webhook_events.ts";
import { recordPayment } from "../events/outgoing.ts";
import { readStripeEvent } from "../providers/stripe_events.ts";
import { verifyStripeEvent } from "../providers/stripe_signature.ts";
import type { RouteDeps } from "./_deps.ts";

const Received = z.object({
  received: z.literal(true),
  result: z.enum(["applied", "unchanged", "duplicate", "ignored"]),
}).openapi("WebhookReceived");

/** Routes under `/api/payments/webhooks`, called by payment providers. */
export function webhookRoutes(deps: RouteDeps) {
  const { sql, config, clock, logger } = deps;
  const log = logger.child({ component: "stripe-webhooks" });
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "post",
      path: "/stripe",
      tags: ["payments"],
      summary: "Stripe webhook events (signed with the endpoint secret)",
      request: {
        headers: z.object({ "stripe-signature": z.string().optional() }),
      },
      responses: {
        200: { description: "Received", content: { "application/json": { schema: Received } } },
        ...problems({
          400: "Missing or wrong signature",
          409: "About a payment not recorded yet: deliver again later",
          413: "Body too large",
        }),
      },
    }),
    async (c) => {
      const signature = c.req.header("stripe-signature");
      if (!signature) throw new HttpProblem(400, 'Header "stripe-signature" is missing');
      const raw = await c.req.text();
      let event;
      try {
        event = await verifyStripeEvent(raw, signature, config.STRIPE_WEBHOOK_SECRET);
      } catch {
        throw new HttpProblem(400, 'Header "stripe-signature" does not verify the body');
      }
      const now = clock();
      const read = readStripeEvent(event);
      const result = await sql.begin(async (tx) => {
        if (!(await recordWebhookEvent(tx, event, now))) return "duplicate" as const;
        if (!read) return "ignored" as const;
        const state = await lockPaymentByProviderId(tx, read.providerPaymentId);
        if (!state) {
          // Ours but not committed yet (the charge's transaction is still open): roll back,
          // including the seen id, so the redelivery is applied.
          if (read.orderId) {
            throw new HttpProblem(409, `Payment "${read.providerPaymentId}" is not recorded yet`);
          }
          return "ignored" as const;
        }
        const { events } = await recordPayment(tx, state, {
          type: "observe",
          observed: read.observed,
          at: now,
        });
        return events.length ? "applied" as const : "unchanged" as const;
      });
      log.info("Webhook received", { eventId: event.id, type: event.type, result });
      return c.json({ received: true as const, result }, 200);
    },
  );
  return router;
}
