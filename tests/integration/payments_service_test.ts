/**
 * The payments service end to end on each bus (in-process always, Kafka with
 * MARQUEE_TEST_KAFKA_BROKERS) and database (PGlite, or Postgres with
 * MARQUEE_TEST_POSTGRES_URL): `payment.capture` and `payment.refund` commands on the bus
 * answer once each through the outbox; declines fail with the provider's code; Stripe
 * webhooks are verified, de-duplicated and only move a payment forward. With
 * MARQUEE_TEST_STRIPE_URL (stripe-mock) the same cases also run through the Stripe adapter.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { loadConfig } from "@marquee/config";
import { CapturePayment, RefundPayment, TOPICS } from "@marquee/contracts";
import {
  createEvent,
  createOutboxRelay,
  deadLetterTopic,
  type Envelope,
  type EventBus,
  parseEnvelope,
  startConsumer,
} from "@marquee/events";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { busTargets, eventually, testDatabase, testTopic } from "@marquee/testing";
import { createPaymentsApp, PAYMENTS_MIGRATIONS } from "../../services/payments/app.ts";
import { PaymentsEnv } from "../../services/payments/config.ts";
import { paymentCommandsConsumer } from "../../services/payments/events/incoming.ts";
import {
  createSimulatedProvider,
  createStripeProvider,
  type PaymentProvider,
} from "../../services/payments/providers/mod.ts";
import { signStripePayload } from "../../services/payments/providers/stripe_signature.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const logger = createLogger({ service: "payments", level: "error", sink: () => {} });
const WEBHOOK_SECRET = "whsec_payments_test_0123456789abcdef";
const EUR = { amount: 4900, currency: "EUR" };

const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
const jwks = { keys: [{ ...await exportJWK(publicKey), kid: "k1", alg: "EdDSA", use: "sig" }] };
const tokenFor = (userId: string, roles: string[] = ["buyer"]) =>
  new SignJWT({ sub: userId, roles })
    .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
    .setIssuer("http://localhost:8000")
    .setAudience("marquee")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(privateKey);

interface ProviderTarget {
  name: string;
  make: () => PaymentProvider;
}

/** The simulated provider always; the Stripe adapter on stripe-mock when one is configured. */
function providerTargets(): ProviderTarget[] {
  const targets: ProviderTarget[] = [{ name: "simulated", make: createSimulatedProvider }];
  const stripeUrl = Deno.env.get("MARQUEE_TEST_STRIPE_URL");
  if (stripeUrl) {
    targets.push({
      name: "stripe-mock",
      make: () =>
        createStripeProvider({
          secretKey: "sk_test_payments",
          apiBase: stripeUrl,
          emulateTestCards: true,
          timeoutMs: 5_000,
        }),
    });
  }
  return targets;
}

/** Counts calls per order, and can leave chosen orders' charges pending (a webhook settles them). */
function instrument(provider: PaymentProvider) {
  const charges: string[] = [];
  const refunds: string[] = [];
  const holdPending = new Set<string>();
  const probe: PaymentProvider = {
    name: provider.name,
    async charge(request) {
      charges.push(request.orderId);
      const outcome = await provider.charge(request);
      if (holdPending.has(request.orderId) && outcome.status === "succeeded") {
        return { status: "pending", providerPaymentId: outcome.providerPaymentId };
      }
      return outcome;
    },
    refund(request) {
      refunds.push(request.orderId);
      return provider.refund(request);
    },
  };
  const count = (list: string[], orderId: string) => list.filter((o) => o === orderId).length;
  return {
    probe,
    holdPending,
    charged: (orderId: string) => count(charges, orderId),
    refunded: (orderId: string) => count(refunds, orderId),
  };
}

async function start(bus: EventBus, provider: PaymentProvider) {
  const db = await testDatabase([PAYMENTS_MIGRATIONS]);
  const { sql } = db;
  const commands = testTopic("payments.commands");
  await bus.ensureTopics([
    commands,
    deadLetterTopic(commands),
    TOPICS.payments,
    deadLetterTopic(TOPICS.payments),
  ]);
  const config = loadConfig(PaymentsEnv, {
    SERVICE_NAME: "payments",
    PORT: "0",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  const { app } = createPaymentsApp({ sql, config, logger, registry: new Registry(), jwks });
  const calls = instrument(provider);
  const consumer = await startConsumer({
    ...paymentCommandsConsumer({ provider: calls.probe, logger, topic: commands }),
    sql,
    bus,
    logger,
    retryDelayMs: 10,
    maxAttempts: 3,
  });
  const relay = createOutboxRelay({ sql, bus, logger, pollMs: 50, listen: db.kind === "servers" });
  await relay.start();

  // Everything answered for this run's orders, as the saga would read it from the bus.
  const orders = new Set<string>();
  const onBus: Envelope[] = [];
  const watcher = await bus.subscribe({
    group: `payments-watch-${crypto.randomUUID()}`,
    topics: [TOPICS.payments],
    fromBeginning: true,
    handle: (m) => {
      const envelope = parseEnvelope(m.value);
      if (orders.has(envelope.subject)) onBus.push(envelope);
      return Promise.resolve();
    },
  });

  const publish = (envelope: Envelope) =>
    bus.publish([{
      topic: commands,
      key: envelope.subject,
      value: JSON.stringify(envelope),
      headers: {},
    }]);
  const captureCommand = (
    paymentMethod = "pm_card_visa",
    orderId: string = crypto.randomUUID(),
  ) => {
    orders.add(orderId);
    return createEvent({ ...CapturePayment, topic: commands }, {
      orderId,
      buyerId: BUYER,
      amount: EUR,
      paymentMethod,
      idempotencyKey: `order-${orderId}`,
    }, { source: "/marquee/orders" });
  };
  const refundCommand = (orderId: string, paymentId: string) =>
    createEvent({ ...RefundPayment, topic: commands }, {
      orderId,
      buyerId: BUYER,
      paymentId,
      reason: "Access could not be granted",
    }, { source: "/marquee/orders" });

  /** Outcome events enqueued for `orderId`, oldest first. */
  const outbox = async (orderId: string) =>
    (await sql<{ type: string; envelope: Envelope }[]>`
      select type, envelope from outbox where key = ${orderId} order by seq`)
      .map((r) => r.envelope);
  const outcome = async (orderId: string, type: string) => {
    await eventually(
      async () => (await outbox(orderId)).some((e) => e.type === type),
      20_000,
      `${type} for ${orderId}`,
    );
    return (await outbox(orderId)).find((e) => e.type === type)!;
  };
  const handled = (eventId: string) =>
    eventually(
      async () => (await sql`select 1 from inbox where event_id = ${eventId}`).length === 1,
      20_000,
      `command ${eventId} handled`,
    );
  const payment = async (orderId: string) =>
    (await sql<{ id: string; status: string; providerPaymentId: string | null }[]>`
      select id, status, provider_payment_id from payments where order_id = ${orderId}`)[0];

  const request = async (path: string, init: RequestInit = {}) => {
    const res = await app.request(path, init);
    const text = await res.text();
    return { status: res.status, res, body: text ? JSON.parse(text) : undefined };
  };
  const webhook = async (event: Record<string, unknown>, secret = WEBHOOK_SECRET) => {
    const payload = JSON.stringify({
      object: "event",
      api_version: "2026-10-28.endive",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      ...event,
    });
    return request("/api/payments/webhooks/stripe", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "stripe-signature": await signStripePayload(payload, secret),
      },
      body: payload,
    });
  };
  /** A captured order that succeeded. */
  const paid = async () => {
    const command = captureCommand();
    await publish(command);
    await outcome(command.subject, "payment.succeeded");
    return { orderId: command.subject, payment: (await payment(command.subject))! };
  };

  return {
    sql,
    calls,
    onBus,
    publish,
    captureCommand,
    refundCommand,
    outbox,
    outcome,
    handled,
    payment,
    request,
    webhook,
    paid,
    async [Symbol.asyncDispose]() {
      await watcher.close();
      await consumer.close();
      await relay.stop();
      await bus.close();
      await db[Symbol.asyncDispose]();
    },
  };
}

const BUYER = crypto.randomUUID();
const types = (events: Envelope[]) => events.map((e) => e.type);

for (const bus of busTargets()) {
  for (const provider of providerTargets()) {
    Deno.test(`payments on ${bus.name} with ${provider.name}`, opts, async (t) => {
      await using s = await start(bus.make(), provider.make());

      await t.step("a capture answers payment.succeeded in the outbox and on the bus", async () => {
        const command = s.captureCommand();
        await s.publish(command);
        const succeeded = await s.outcome(command.subject, "payment.succeeded");
        const row = (await s.payment(command.subject))!;
        assert.equal(row.status, "succeeded");
        // The Stripe adapter's ids come from stripe-mock over HTTP, not from the simulation.
        assert.equal(row.providerPaymentId?.startsWith("pi_sim_"), provider.name === "simulated");
        assert.deepEqual(succeeded.data, {
          orderId: command.subject,
          buyerId: BUYER,
          paymentId: row.id,
          amount: EUR,
          succeededAt: (succeeded.data as { succeededAt: string }).succeededAt,
        });
        await eventually(
          () => s.onBus.some((e) => e.id === succeeded.id),
          20_000,
          "payment.succeeded on the bus",
        );
      });

      await t.step("declining cards answer payment.failed with the decline code", async () => {
        const declined = s.captureCommand("pm_card_chargeDeclined");
        const broke = s.captureCommand("pm_card_chargeDeclinedInsufficientFunds");
        await s.publish(declined);
        await s.publish(broke);
        const failed = await s.outcome(declined.subject, "payment.failed");
        assert.equal((failed.data as { code: string }).code, "card_declined");
        const poor = await s.outcome(broke.subject, "payment.failed");
        assert.equal((poor.data as { code: string }).code, "insufficient_funds");
        assert.equal((await s.payment(declined.subject))?.status, "failed");
        assert.deepEqual(types(await s.outbox(declined.subject)), ["payment.failed"]);
      });

      await t.step("the same capture delivered twice, and resent, charges once", async () => {
        const command = s.captureCommand();
        await s.publish(command);
        await s.publish(command);
        const resent = s.captureCommand("pm_card_visa", command.subject);
        await s.publish(resent);
        await s.handled(resent.id);
        assert.equal(s.calls.charged(command.subject), 1);
        const rows = await s.sql`select 1 from payments where order_id = ${command.subject}`;
        assert.equal(rows.length, 1);
        assert.deepEqual(types(await s.outbox(command.subject)), ["payment.succeeded"]);
      });

      await t.step("a refund answers payment.refunded once", async () => {
        const { orderId, payment } = await s.paid();
        const command = s.refundCommand(orderId, payment.id);
        await s.publish(command);
        const refunded = await s.outcome(orderId, "payment.refunded");
        const data = refunded.data as { paymentId: string; refundId: string; amount: unknown };
        assert.equal(data.paymentId, payment.id);
        assert.ok(data.refundId);
        assert.deepEqual(data.amount, EUR);
        const again = s.refundCommand(orderId, payment.id);
        await s.publish(command);
        await s.publish(again);
        await s.handled(again.id);
        assert.equal(s.calls.refunded(orderId), 1);
        assert.deepEqual(types(await s.outbox(orderId)), ["payment.succeeded", "payment.refunded"]);
        assert.equal((await s.payment(orderId))?.status, "refunded");
      });

      await t.step("a webhook with a missing or wrong signature is a 400 problem", async () => {
        const missing = await s.request("/api/payments/webhooks/stripe", {
          method: "POST",
          body: JSON.stringify({ id: "evt_1", type: "payment_intent.succeeded" }),
        });
        assert.equal(missing.status, 400);
        assert.match(missing.res.headers.get("content-type") ?? "", /problem\+json/);
        assert.match(missing.body.detail, /stripe-signature/);
        const forged = await s.webhook(
          { id: "evt_forged", type: "charge.refunded", data: { object: {} } },
          "whsec_someone_else_0123456789",
        );
        assert.equal(forged.status, 400);
        const tampered = await s.request("/api/payments/webhooks/stripe", {
          method: "POST",
          headers: {
            "stripe-signature": await signStripePayload('{"id":"evt_a"}', WEBHOOK_SECRET),
          },
          body: '{"id":"evt_b"}',
        });
        assert.equal(tampered.status, 400);
      });

      await t.step("a late or repeated success webhook emits nothing new", async () => {
        const { orderId, payment } = await s.paid();
        const event = {
          id: `evt_${crypto.randomUUID()}`,
          type: "payment_intent.succeeded",
          data: { object: { id: payment.providerPaymentId, metadata: { orderId } } },
        };
        assert.equal((await s.webhook(event)).body.result, "unchanged");
        assert.equal((await s.webhook(event)).body.result, "duplicate");
        const backward = await s.webhook({
          id: `evt_${crypto.randomUUID()}`,
          type: "payment_intent.payment_failed",
          data: {
            object: {
              id: payment.providerPaymentId,
              metadata: { orderId },
              last_payment_error: { code: "card_declined", message: "Declined" },
            },
          },
        });
        assert.equal(backward.body.result, "unchanged");
        assert.deepEqual(types(await s.outbox(orderId)), ["payment.succeeded"]);
        assert.equal((await s.payment(orderId))?.status, "succeeded");
      });

      await t.step("a refund webhook before the refund command is answered once", async () => {
        const { orderId, payment } = await s.paid();
        const event = {
          id: `evt_${crypto.randomUUID()}`,
          type: "charge.refunded",
          data: {
            object: {
              id: `ch_${crypto.randomUUID().slice(0, 8)}`,
              payment_intent: payment.providerPaymentId,
              refunded: true,
              metadata: {},
              refunds: { data: [{ id: "re_from_dashboard" }] },
            },
          },
        };
        assert.equal((await s.webhook(event)).body.result, "applied");
        const command = s.refundCommand(orderId, payment.id);
        await s.publish(command);
        await s.handled(command.id);
        assert.equal((await s.webhook(event)).body.result, "duplicate");
        assert.equal(s.calls.refunded(orderId), 0);
        const events = await s.outbox(orderId);
        assert.deepEqual(types(events), ["payment.succeeded", "payment.refunded"]);
        assert.equal((events[1]!.data as { refundId: string }).refundId, "re_from_dashboard");
      });

      await t.step("a pending payment is settled by its webhooks exactly once", async () => {
        const command = s.captureCommand();
        const orderId = command.subject;
        s.calls.holdPending.add(orderId);
        const early = await s.webhook({
          id: `evt_${crypto.randomUUID()}`,
          type: "payment_intent.succeeded",
          data: { object: { id: "pi_not_recorded_yet", metadata: { orderId } } },
        });
        assert.equal(early.status, 409, "ours but unknown: Stripe delivers again later");
        const stranger = await s.webhook({
          id: `evt_${crypto.randomUUID()}`,
          type: "payment_intent.succeeded",
          data: { object: { id: "pi_of_another_integration", metadata: {} } },
        });
        assert.equal(stranger.body.result, "ignored");

        await s.publish(command);
        await s.handled(command.id);
        const pending = (await s.payment(orderId))!;
        assert.equal(pending.status, "pending");
        assert.deepEqual(await s.outbox(orderId), []);
        const intent = { id: pending.providerPaymentId, metadata: { orderId } };
        const first = { id: `evt_${crypto.randomUUID()}`, type: "payment_intent.succeeded" };
        const results = await Promise.all([
          s.webhook({ ...first, data: { object: intent } }),
          s.webhook({ ...first, data: { object: intent } }),
          s.webhook({
            id: `evt_${crypto.randomUUID()}`,
            type: "payment_intent.succeeded",
            data: { object: intent },
          }),
        ]);
        assert.deepEqual(results.map((r) => r.status), [200, 200, 200]);
        assert.equal(results.filter((r) => r.body.result === "applied").length, 1);
        const late = await s.webhook({
          id: `evt_${crypto.randomUUID()}`,
          type: "payment_intent.payment_failed",
          data: { object: { ...intent, last_payment_error: { code: "card_declined" } } },
        });
        assert.equal(late.body.result, "unchanged");
        assert.deepEqual(types(await s.outbox(orderId)), ["payment.succeeded"]);
        assert.equal(s.calls.charged(orderId), 1);
      });

      await t.step("a payment is shown to its buyer and admins only", async () => {
        const { orderId, payment } = await s.paid();
        const get = async (token?: string, id = orderId) =>
          await s.request(`/api/payments/${id}`, {
            headers: token ? { authorization: `Bearer ${token}` } : {},
          });
        const mine = await get(await tokenFor(BUYER));
        assert.equal(mine.status, 200);
        assert.equal(mine.body.id, payment.id);
        assert.equal(mine.body.status, "succeeded");
        assert.deepEqual(mine.body.amount, EUR);
        assert.equal((await get(await tokenFor(crypto.randomUUID()))).status, 404);
        assert.equal((await get(await tokenFor(crypto.randomUUID(), ["admin"]))).status, 200);
        assert.equal((await get()).status, 401);
        const none = await get(await tokenFor(BUYER), crypto.randomUUID());
        assert.equal(none.status, 404);
        const bad = await get(await tokenFor(BUYER), "not-a-uuid");
        assert.equal(bad.status, 422);
        assert.match(JSON.stringify(bad.body.errors), /orderId/);
        assert.equal(mine.body.nextAction, null, "a settled payment asks nothing of the browser");
      });

      await t.step(
        "a payment waiting for 3-D Secure hands its client secret to its buyer only",
        async () => {
          const command = s.captureCommand("pm_card_threeDSecure2Required");
          await s.publish(command);
          await s.handled(command.id);
          const orderId = command.subject;
          assert.equal((await s.payment(orderId))?.status, "pending");
          const get = async (token: string) =>
            await s.request(`/api/payments/${orderId}`, {
              headers: { authorization: `Bearer ${token}` },
            });
          const mine = await get(await tokenFor(BUYER));
          assert.equal(mine.status, 200);
          assert.equal(mine.body.status, "pending");
          assert.equal(mine.body.nextAction.type, "authenticate");
          assert.match(mine.body.nextAction.clientSecret, /_secret_/);
          const admin = await get(await tokenFor(crypto.randomUUID(), ["admin"]));
          assert.equal(admin.status, 200);
          assert.equal(admin.body.nextAction, null, "not even an admin sees the secret");
          assert.equal((await get(await tokenFor(crypto.randomUUID()))).status, 404);
        },
      );
    });
  }
}
