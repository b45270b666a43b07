/**
 * The checkout when payments are settled by Stripe's webhooks, on the real services and
 * servers: orders paid with an authentication test card stay pending, so each one waits
 * for `payment_intent.*` events, signed with the SDK's test-header helper
 * and delivered twice, concurrently and out of order. One grant per paid order, no flip
 * back. Then refunds: Stripe's `charge.refunded` and the admins' `POST
 * /api/orders/{id}/refund` both revoke the order's access once, give its seats back to
 * stock and end it REFUNDED.
 */
import assert from "node:assert/strict";
import type { Sql } from "@marquee/db";
import { signStripePayload } from "../../services/payments/providers/stripe_signature.ts";
import {
  type CheckoutPlatform,
  entitlementsOf,
  holdsOf,
  paymentsOf,
  startCheckoutPlatform,
  TEST_OPTIONS,
  waitFor,
} from "./fixtures/checkout_platform.ts";

const WEBHOOK_SECRET = "whsec_checkout_webhooks_test_0123456789";
/** A test card that needs the buyer's authentication: the payment waits for webhooks. */
const THREE_D_SECURE = "pm_card_threeDSecure2Required";

/** How many events of `type` a service's outbox holds for an order. */
async function sent(sql: Sql, type: string, orderId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from outbox
    where type = ${type} and key = ${orderId}`;
  return row!.n;
}

async function webhook(p: CheckoutPlatform, type: string, object: unknown, id?: string) {
  const payload = JSON.stringify({
    id: id ?? `evt_${crypto.randomUUID().replaceAll("-", "")}`,
    object: "event",
    type,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object },
  });
  const res = await fetch(`${p.url("payments")}/api/payments/webhooks/stripe`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "stripe-signature": await signStripePayload(payload, WEBHOOK_SECRET),
    },
    body: payload,
  });
  const body = await res.json();
  return { status: res.status, result: body.result as string | undefined, body };
}

Deno.test(
  "payments settled by webhooks: one grant, no flip back; refunds revoke once",
  TEST_OPTIONS,
  async (t) => {
    await using p = await startCheckoutPlatform({
      payments: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_MOCK_CONFIRMATION: "processing" },
    });
    const ticket = await p.product({ type: "live_ticket", capacity: 50 });
    const buyer = await p.signUp();
    const order = async () => {
      const placed = await p.place(buyer.token, ticket, { paymentMethod: THREE_D_SECURE });
      assert.equal(placed.status, 202, JSON.stringify(placed.body));
      const id: string = placed.body.id;
      let intent = "";
      await waitFor(
        async () => {
          const [row] = await paymentsOf(p.db.payments, [id]);
          intent = row?.providerPaymentId ?? "";
          return row?.status === "pending" && intent !== "";
        },
        30_000,
        `a pending payment for ${id}`,
      );
      return { id, intent: { id: intent, object: "payment_intent", metadata: { orderId: id } } };
    };
    const status = async (id: string) => (await p.sagas([id]))[0]?.status;
    const until = (id: string, wanted: string) =>
      waitFor(async () => (await status(id)) === wanted, 30_000, `${id} ${wanted}`);
    const declined = {
      code: "card_declined",
      decline_code: "insufficient_funds",
      message: "Your card has insufficient funds.",
    };

    try {
      const paid = await order();
      const other = await order();
      const refusedOrder = await order();
      assert.equal(await status(paid.id), "AWAITING_PAYMENT", "pending until a webhook settles");

      await t.step("success delivered twice at once and again: applied once", async () => {
        const event = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
        const both = await Promise.all([
          webhook(p, "payment_intent.succeeded", paid.intent, event),
          webhook(p, "payment_intent.succeeded", paid.intent, event),
        ]);
        assert.deepEqual(both.map((r) => r.result).sort(), ["applied", "duplicate"]);
        const again = await webhook(p, "payment_intent.succeeded", paid.intent);
        assert.equal(again.result, "unchanged");
        // Failure after success, and Stripe's intermediate events, change nothing.
        const late = await webhook(p, "payment_intent.payment_failed", {
          ...paid.intent,
          last_payment_error: declined,
        });
        assert.equal(late.result, "unchanged");
        assert.equal(
          (await webhook(p, "payment_intent.processing", paid.intent)).result,
          "ignored",
        );
        await until(paid.id, "COMPLETED");
      });

      await t.step(
        "the out-of-order pair: processing after success, success after failure",
        async () => {
          // Succeeded arrives first, the earlier `processing` after it.
          assert.equal(
            (await webhook(p, "payment_intent.succeeded", other.intent)).result,
            "applied",
          );
          assert.equal(
            (await webhook(p, "payment_intent.processing", other.intent)).result,
            "ignored",
          );
          await until(other.id, "COMPLETED");
          // Failed first, then a success that must not flip it back.
          const failed = await webhook(p, "payment_intent.payment_failed", {
            ...refusedOrder.intent,
            last_payment_error: declined,
          });
          assert.equal(failed.result, "applied");
          const flip = await webhook(p, "payment_intent.succeeded", refusedOrder.intent);
          assert.equal(flip.result, "unchanged");
          await until(refusedOrder.id, "CANCELLED");
          const [saga] = await p.sagas([refusedOrder.id]);
          assert.equal(saga!.reason?.code, "payment_declined");
        },
      );

      await t.step("one payment, one grant per paid order; the declined one has none", async () => {
        const ids = [paid.id, other.id, refusedOrder.id];
        const payments = await paymentsOf(p.db.payments, ids);
        assert.equal(payments.length, 3);
        const byOrder = new Map(payments.map((x) => [x.orderId, x.status]));
        assert.deepEqual(ids.map((id) => byOrder.get(id)), ["succeeded", "succeeded", "failed"]);
        for (const id of ids) {
          assert.equal(
            await sent(p.db.payments, "payment.succeeded", id),
            id === refusedOrder.id ? 0 : 1,
          );
          assert.equal(
            await sent(p.db.orders, "entitlement.grant", id),
            id === refusedOrder.id ? 0 : 1,
          );
        }
        // Give a late duplicate a moment to do harm, then count.
        await new Promise((r) => setTimeout(r, 1000));
        const granted = await entitlementsOf(p.db.subscriptions, ids);
        assert.deepEqual(granted.map((e) => e.sourceId).sort(), [paid.id, other.id].sort());
        assert.deepEqual(await holdsOf(p.db.catalog, ticket), { committed: 2, released: 1 });
      });

      await t.step(
        "Stripe's charge.refunded revokes once; a redelivery changes nothing",
        async () => {
          const charge = {
            id: `ch_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`,
            object: "charge",
            payment_intent: paid.intent.id,
            refunded: true,
            metadata: { orderId: paid.id },
            refunds: { data: [{ id: "re_checkout_webhooks_1" }] },
          };
          const event = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
          assert.equal((await webhook(p, "charge.refunded", charge, event)).result, "applied");
          assert.equal((await webhook(p, "charge.refunded", charge, event)).result, "duplicate");
          assert.equal((await webhook(p, "charge.refunded", charge)).result, "unchanged");
          await until(paid.id, "REFUNDED");
          const [saga] = await p.sagas([paid.id]);
          assert.equal(saga!.reason?.code, "refunded");
          const [e] = await entitlementsOf(p.db.subscriptions, [paid.id]);
          assert.ok(e?.revokedAt, "access taken back");
          assert.equal(await sent(p.db.orders, "entitlement.revoke", paid.id), 1);
          assert.equal(await sent(p.db.orders, "payment.refund", paid.id), 0, "already refunded");
          assert.equal(await sent(p.db.payments, "payment.refunded", paid.id), 1, "one notice");
          assert.equal(await sent(p.db.subscriptions, "entitlement.revoked", paid.id), 1);
          // The refunded ticket's seat is back in stock.
          assert.deepEqual(await holdsOf(p.db.catalog, ticket), { committed: 1, released: 2 });
        },
      );

      await t.step("an admin refund: once however often asked, admins only", async () => {
        const admin = await p.adminToken();
        const refund = (
          token: string,
          id = other.id,
          body: unknown = { reason: "Duplicate purchase" },
        ) =>
          fetch(`${p.url("orders")}/api/orders/${id}/refund`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify(body),
          }).then(async (res) => ({ status: res.status, body: await res.json() }));

        const byBuyer = await refund(buyer.token);
        assert.equal(byBuyer.status, 403);
        const bad = await refund(admin, other.id, { reason: "" });
        assert.equal(bad.status, 422);
        assert.equal(bad.body.errors[0].field, "body.reason");
        assert.equal((await refund(admin, "not-an-id")).status, 422);
        assert.equal((await refund(admin, crypto.randomUUID())).status, 404);
        const notCompleted = await refund(admin, refusedOrder.id);
        assert.equal(notCompleted.status, 409);

        const [first, second] = await Promise.all([refund(admin), refund(admin)]);
        assert.deepEqual([first.status, second.status].sort(), [200, 202]);
        await until(other.id, "REFUNDED");
        assert.equal((await refund(admin)).status, 200, "asking again answers the order");
        const [payment] = await paymentsOf(p.db.payments, [other.id]);
        assert.equal(payment!.status, "refunded");
        const [e] = await entitlementsOf(p.db.subscriptions, [other.id]);
        assert.ok(e?.revokedAt, "access taken back");
        assert.equal(await sent(p.db.orders, "payment.refund", other.id), 1);
        assert.equal(await sent(p.db.orders, "entitlement.revoke", other.id), 1);
        assert.equal(await sent(p.db.payments, "payment.refunded", other.id), 1);
        // Stripe's own report of that refund arrives later and changes nothing.
        const late = await webhook(p, "charge.refunded", {
          id: "ch_late",
          object: "charge",
          payment_intent: other.intent.id,
          refunded: true,
          metadata: { orderId: other.id },
        });
        assert.equal(late.result, "unchanged");
        // Both refunded orders gave their seats back, once each.
        assert.deepEqual(await holdsOf(p.db.catalog, ticket), { released: 3 });
      });
    } catch (error) {
      await p.dumpLogs();
      throw error;
    }
  },
);
