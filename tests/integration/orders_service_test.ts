/**
 * The orders service end to end on each bus (`busTargets()`) and a throwaway database: a
 * stand-in catalog (a real HTTP server with the hold API's semantics) and stand-in
 * payments and subscriptions that answer the saga's commands on the bus per the checkout
 * contract. Covers the happy path with its live stream, every way an order is cancelled,
 * idempotency keys, carts (on Redis too when `MARQUEE_TEST_REDIS_URL` is set), a restart
 * mid-saga and the payment timeout.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { type Cache, createMemoryCache, createRedisCache } from "@marquee/cache";
import { loadConfig } from "@marquee/config";
import {
  CapturePayment,
  EntitlementsGranted,
  EntitlementsGrantFailed,
  EntitlementsRevoked,
  GrantEntitlements,
  PaymentFailed,
  PaymentRefunded,
  PaymentSucceeded,
  RefundPayment,
  RevokeEntitlements,
  TOPICS,
} from "@marquee/contracts";
import {
  createEvent,
  createOutboxRelay,
  deadLetterTopic,
  decodeData,
  type EventBus,
  type EventDef,
  parseEnvelope,
  startConsumer,
  type Subscription,
} from "@marquee/events";
import { createPool } from "@marquee/db";
import { serve } from "@marquee/http";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import {
  type BusTarget,
  busTargets,
  eventually,
  type TestDatabase,
  testDatabase,
} from "@marquee/testing";
import type { z } from "zod";
import { createOrdersApp, ORDERS_MIGRATIONS } from "../../services/orders/app.ts";
import { OrdersEnv } from "../../services/orders/config.ts";
import { cartConsumer, sagaConsumer } from "../../services/orders/events/incoming.ts";
import { ORDERS_CONSUMED, ORDERS_TOPICS } from "../../services/orders/service.ts";

const INTERNAL = "orders-test-internal-token-0123456789";
const logger = createLogger({ service: "orders", level: "error", sink: () => {} });
const opts = { sanitizeOps: false, sanitizeResources: false };
const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
const jwks = { keys: [{ ...await exportJWK(publicKey), kid: "k1", alg: "EdDSA", use: "sig" }] };

function token(userId: string, roles: string[] = ["buyer"]): Promise<string> {
  return new SignJWT({ sub: userId, roles })
    .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
    .setIssuer("http://localhost:8000")
    .setAudience("marquee")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(privateKey);
}

// ---------------------------------------------------------------------------------------
// Stand-in catalog: products and holds with the catalog's semantics.

interface StandInProduct {
  id: string;
  type: "course" | "software" | "live_ticket";
  title: string;
  status: "draft" | "published" | "archived";
  price: { amount: number; currency: string };
  capacity: number | null;
}

interface StandInHold {
  id: string;
  productId: string;
  quantity: number;
  status: "held" | "committed" | "released";
}

function startCatalog() {
  const products = new Map<string, StandInProduct>();
  const holds = new Map<string, StandInHold>();
  const afterRead = new Map<string, () => void>();
  const calls: string[] = [];
  let holdsDown = false;
  const taken = (productId: string) =>
    [...holds.values()].filter((h) => h.productId === productId && h.status !== "released")
      .reduce((n, h) => n + h.quantity, 0);
  const available = (p: StandInProduct) =>
    p.capacity === null ? null : Math.max(0, p.capacity - taken(p.id));
  const problem = (status: number, detail: string, extra: Record<string, unknown> = {}) =>
    Response.json({ type: "about:blank", status, detail, ...extra }, {
      status,
      headers: { "content-type": "application/problem+json" },
    });

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const read = /^\/api\/products\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && read) {
      const p = products.get(read[1]!);
      if (!p || p.status !== "published") return problem(404, `No product "${read[1]}"`);
      const body = { ...p, creatorId: "creator-1", available: available(p) };
      afterRead.get(p.id)?.();
      afterRead.delete(p.id);
      return Response.json(body);
    }
    if (!url.pathname.startsWith("/api/inventory/holds")) return problem(404, "Not found");
    if (req.headers.get("x-internal-token") !== INTERNAL) return problem(401, "Bad token");
    calls.push(`${req.method} ${url.pathname}`);
    if (holdsDown) return problem(503, "Down for maintenance");
    if (req.method === "POST" && url.pathname === "/api/inventory/holds") {
      const { productId, quantity, holdId } = await req.json();
      const existing = holds.get(holdId);
      if (existing) {
        return existing.productId === productId && existing.quantity === quantity
          ? Response.json(existing, { status: 200 })
          : problem(409, `Hold "${holdId}" was made for another request`);
      }
      const p = products.get(productId);
      if (!p) return problem(404, `No product "${productId}"`);
      if (p.status !== "published") return problem(409, `Product "${productId}" is not on sale`);
      const left = available(p);
      if (left !== null && quantity > left) {
        return problem(409, `Only ${left} left`, { available: left });
      }
      const hold: StandInHold = { id: holdId, productId, quantity, status: "held" };
      holds.set(holdId, hold);
      return Response.json(hold, { status: 201 });
    }
    const step = /^\/api\/inventory\/holds\/([^/]+)\/(commit|release|return)$/.exec(
      url.pathname,
    );
    const hold = step && holds.get(step[1]!);
    if (!step || !hold) return problem(404, "No hold");
    if (step[2] === "return") {
      if (hold.status === "held") return problem(409, "Hold is still held");
      hold.status = "released";
      return Response.json(hold);
    }
    if (step[2] === "commit") {
      if (hold.status === "released") return problem(409, "Hold was released");
      hold.status = "committed";
      const p = products.get(hold.productId)!;
      const licenceKeys = p.type === "software" ? [`KEY-${hold.id.slice(0, 8)}`] : undefined;
      return Response.json({ ...hold, ...(licenceKeys ? { licenceKeys } : {}) });
    }
    if (hold.status === "committed") return problem(409, "Hold is committed");
    hold.status = "released";
    return Response.json(hold);
  });

  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    holds,
    calls,
    /** A published product; limited when `capacity` is given. */
    add(fields: Partial<StandInProduct> = {}): string {
      const id = crypto.randomUUID();
      products.set(id, {
        id,
        type: "course",
        title: `Course ${id.slice(0, 4)}`,
        status: "published",
        price: { amount: 2500, currency: "EUR" },
        capacity: null,
        ...fields,
      });
      return id;
    },
    set(id: string, fields: Partial<StandInProduct>) {
      products.set(id, { ...products.get(id)!, ...fields });
    },
    /** Runs `fn` right after the next read of the product (another buyer racing). */
    afterRead(id: string, fn: () => void) {
      afterRead.set(id, fn);
    },
    /** Another buyer takes every unit left. */
    takeAll(id: string) {
      const left = available(products.get(id)!) ?? 0;
      if (left > 0) {
        const holdId = crypto.randomUUID();
        holds.set(holdId, { id: holdId, productId: id, quantity: left, status: "held" });
      }
    },
    holdsFor(productId: string) {
      return [...holds.values()].filter((h) => h.productId === productId);
    },
    setHoldsDown(down: boolean) {
      holdsDown = down;
    },
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

// ---------------------------------------------------------------------------------------
// Stand-in payments and subscriptions: answer the saga's commands per the contract.

type Reply = "succeed" | "fail" | "hang";

function publish<S extends z.ZodType>(bus: EventBus, def: EventDef<string, S>, data: z.input<S>) {
  const envelope = createEvent(def, data, { source: "/marquee/test" });
  return bus.publish([{
    topic: def.topic,
    key: envelope.subject ?? "",
    value: JSON.stringify(envelope),
    headers: {},
  }]);
}

async function startStandIns(bus: EventBus, buyers: Set<string>) {
  const captures: Array<z.infer<typeof CapturePayment.schema>> = [];
  const refunds: Array<z.infer<typeof RefundPayment.schema>> = [];
  const grants: Array<z.infer<typeof GrantEntitlements.schema>> = [];
  const hung: Array<z.infer<typeof CapturePayment.schema>> = [];
  /** How payments answer a method; `pm_card_chargeDeclined` fails, `pm_hang` never answers. */
  const payment = (method: string): Reply =>
    method === "pm_card_chargeDeclined" ? "fail" : method === "pm_hang" ? "hang" : "succeed";
  const grantFails = new Set<string>();
  /** Orders whose revocation is never answered. */
  const revokeHangs = new Set<string>();
  const now = () => new Date().toISOString();
  const paid = (c: z.infer<typeof CapturePayment.schema>) =>
    publish(bus, PaymentSucceeded, {
      orderId: c.orderId,
      buyerId: c.buyerId,
      paymentId: `pay_${c.orderId.slice(0, 8)}`,
      amount: c.amount,
      succeededAt: now(),
    });

  const subs: Subscription[] = [];
  subs.push(
    await bus.subscribe({
      group: "orders-test.payments",
      topics: [TOPICS.paymentCommands],
      fromBeginning: true,
      handle: async (m) => {
        const envelope = parseEnvelope(m.value);
        if (envelope.type === CapturePayment.type) {
          const c = decodeData(CapturePayment, envelope);
          if (!buyers.has(c.buyerId)) return;
          captures.push(c);
          const reply = payment(c.paymentMethod);
          if (reply === "succeed") await paid(c);
          else if (reply === "hang") hung.push(c);
          else {
            await publish(bus, PaymentFailed, {
              orderId: c.orderId,
              buyerId: c.buyerId,
              paymentId: null,
              code: "card_declined",
              message: "Your card was declined",
              failedAt: now(),
            });
          }
        } else if (envelope.type === RefundPayment.type) {
          const r = decodeData(RefundPayment, envelope);
          if (!buyers.has(r.buyerId)) return;
          refunds.push(r);
          await publish(bus, PaymentRefunded, {
            orderId: r.orderId,
            buyerId: r.buyerId,
            paymentId: r.paymentId,
            refundId: `re_${r.orderId.slice(0, 8)}`,
            amount: { amount: 0, currency: "EUR" },
            refundedAt: now(),
          });
        }
      },
    }),
    await bus.subscribe({
      group: "orders-test.subscriptions",
      topics: [TOPICS.entitlementCommands],
      fromBeginning: true,
      handle: async (m) => {
        const envelope = parseEnvelope(m.value);
        if (envelope.type === RevokeEntitlements.type) {
          const r = decodeData(RevokeEntitlements, envelope);
          if (!buyers.has(r.buyerId) || revokeHangs.has(r.orderId)) return;
          await publish(bus, EntitlementsRevoked, {
            orderId: r.orderId,
            buyerId: r.buyerId,
            productIds: [],
            reason: r.reason,
            revokedAt: now(),
          });
          return;
        }
        if (envelope.type !== GrantEntitlements.type) return;
        const g = decodeData(GrantEntitlements, envelope);
        if (!buyers.has(g.buyerId)) return;
        grants.push(g);
        if (g.lines.some((l) => grantFails.has(l.productId))) {
          await publish(bus, EntitlementsGrantFailed, {
            orderId: g.orderId,
            buyerId: g.buyerId,
            message: "Storage is full",
            failedAt: now(),
          });
          return;
        }
        await publish(bus, EntitlementsGranted, {
          orderId: g.orderId,
          buyerId: g.buyerId,
          entitlements: g.lines.map((l) => ({
            entitlementId: crypto.randomUUID(),
            productId: l.productId,
          })),
          grantedAt: now(),
        });
      },
    }),
  );
  return {
    captures,
    refunds,
    grants,
    hung,
    grantFails,
    revokeHangs,
    /** Answers a capture that was left hanging: the provider confirms late. */
    confirmLate: (c: z.infer<typeof CapturePayment.schema>) => paid(c),
    async close() {
      for (const s of subs) await s.close();
    },
  };
}

// ---------------------------------------------------------------------------------------
// The orders service as the runtime would start it, on a given database and bus.

async function startOrders(
  db: TestDatabase,
  bus: EventBus,
  catalogUrl: string,
  env: Record<string, string> = {},
  cache?: Cache,
) {
  const config = loadConfig(OrdersEnv, {
    SERVICE_NAME: "orders",
    PORT: "0",
    INTERNAL_TOKEN: INTERNAL,
    UPSTREAM_CATALOG: catalogUrl,
    TIMER_INTERVAL_MS: "50",
    RETRY_AFTER_MS: "300",
    LOG_LEVEL: "error",
    ...env,
  });
  const registry = new Registry();
  const embedded = db.kind === "embedded";
  const relay = createOutboxRelay({
    sql: db.sql,
    bus,
    logger,
    registry,
    listen: !embedded,
    pollMs: 50,
  });
  await relay.start();
  const built = await createOrdersApp({
    sql: db.sql,
    config,
    logger,
    registry,
    jwks,
    cache: cache ?? createMemoryCache({ prefix: `orders-test:${crypto.randomUUID()}:` }),
    listen: !embedded,
  });
  const subs = [
    await startConsumer({ ...sagaConsumer(built.executor), sql: db.sql, bus, logger, registry }),
    await startConsumer({ ...cartConsumer(built.carts), sql: db.sql, bus, logger, registry }),
  ];
  const served = serve(built.app.fetch, { port: 0, logger, graceMs: 1000 });
  const base = served.url.replace("localhost", "127.0.0.1");
  let stopped = false;
  return {
    base,
    built,
    async stop() {
      if (stopped) return;
      stopped = true;
      await served.stop();
      for (const s of subs) await s.close();
      await built.close();
      await relay.stop();
    },
  };
}

interface Call {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  headers: Headers;
}

function client(base: string, bearer: string) {
  return async (
    method: string,
    path: string,
    options: { json?: unknown; key?: string; auth?: string | null } = {},
  ): Promise<Call> => {
    const headers = new Headers({ "content-type": "application/json" });
    const auth = options.auth === undefined ? bearer : options.auth;
    if (auth) headers.set("authorization", `Bearer ${auth}`);
    if (options.key) headers.set("idempotency-key", options.key);
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
}

async function ensureTopics(bus: EventBus) {
  const topics = [...ORDERS_TOPICS, ...ORDERS_CONSUMED];
  await bus.ensureTopics(topics.flatMap((t) => [t, deadLetterTopic(t)]));
}

/** Everything one scenario needs, torn down in reverse. */
async function scenario(target: BusTarget, env: Record<string, string> = {}) {
  const db = await testDatabase([ORDERS_MIGRATIONS]);
  const bus = target.make();
  await ensureTopics(bus);
  const catalog = startCatalog();
  const buyer = crypto.randomUUID();
  const buyers = new Set([buyer]);
  const standIns = await startStandIns(bus, buyers);
  let orders = await startOrders(db, bus, catalog.url, env);
  const bearer = await token(buyer);
  const s = {
    db,
    bus,
    catalog,
    buyer,
    buyers,
    standIns,
    bearer,
    get orders() {
      return orders;
    },
    call: client(orders.base, bearer),
    /** Stops the service and starts a new instance on the same database. */
    async restart(next: Record<string, string> = env) {
      orders = await startOrders(db, bus, catalog.url, next);
      s.call = client(orders.base, bearer);
    },
    /** Places an order of `items` and returns its id. */
    async place(
      items: Array<{ productId: string; quantity: number }>,
      paymentMethod = "pm_card_visa",
    ) {
      const res = await s.call("POST", "/api/orders", {
        key: crypto.randomUUID(),
        json: { items, paymentMethod },
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      return res.body.id as string;
    },
    /** Waits until the order's read model shows `status`, and returns the view. */
    async until(orderId: string, status: string, timeoutMs = 20_000) {
      let last: Call | undefined;
      await eventually(
        async () => {
          last = await s.call("GET", `/api/orders/${orderId}`);
          return last.body?.status === status;
        },
        timeoutMs,
        `order ${status} (last ${JSON.stringify(last?.body?.status)})`,
      ).catch(
        (error) => {
          throw new Error(`${error.message}: ${JSON.stringify(last?.body)}`);
        },
      );
      return last!.body;
    },
    async outboxTypes(orderId: string): Promise<string[]> {
      const rows = await db.sql<{ type: string }[]>`select type from outbox
        where key = ${orderId} order by seq`;
      return rows.map((r) => r.type);
    },
    async [Symbol.asyncDispose]() {
      await orders.stop();
      await standIns.close();
      await catalog[Symbol.asyncDispose]();
      await bus.close();
      await db[Symbol.asyncDispose]();
    },
  };
  return s;
}

/** Reads a server-sent event stream until an event's view has `status`; every view seen. */
async function readStream(url: string, until: string, headers: HeadersInit = {}) {
  const res = await fetch(url, { headers });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const views: Array<{ status: string; version: number }> = [];
  let buffer = "";
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split("\n").find((l) => l.startsWith("data:"));
      if (data) views.push(JSON.parse(data.slice(5)));
    }
    if (views.at(-1)?.status === until) break;
  }
  await reader.cancel();
  return views;
}

for (const target of busTargets()) {
  const name = (what: string) => `orders on ${target.name} bus: ${what}`;

  Deno.test(name("happy path to COMPLETED, streamed live"), opts, async () => {
    await using s = await scenario(target);
    const ticket = s.catalog.add({
      type: "live_ticket",
      capacity: 5,
      price: { amount: 1200, currency: "EUR" },
    });
    const software = s.catalog.add({
      type: "software",
      capacity: 3,
      price: { amount: 3000, currency: "EUR" },
    });
    const course = s.catalog.add();
    // Payments answer only once the stream is open, so the stream sees the saga move.
    const res = await s.call("POST", "/api/orders", {
      key: "checkout-1",
      json: {
        items: [{ productId: ticket, quantity: 2 }, { productId: software, quantity: 1 }, {
          productId: course,
          quantity: 1,
        }],
        paymentMethod: "pm_hang",
      },
    });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.status, "PENDING");
    assert.equal(res.headers.get("location"), `/api/orders/${res.body.id}`);
    assert.deepEqual(res.body.total, { amount: 1200 * 2 + 3000 + 2500, currency: "EUR" });
    const id: string = res.body.id;

    const issued = await s.call("POST", `/api/orders/${id}/stream-ticket`);
    assert.equal(issued.status, 200);
    const streamed = readStream(`${s.orders.base}${issued.body.url}`, "COMPLETED");
    await eventually(() => s.standIns.hung.length === 1, 10_000, "capture");
    // While it is paid for, the cart says so: paying for the cart again would buy it twice.
    assert.equal((await s.call("GET", "/api/cart")).body.openOrderId, id);
    await s.standIns.confirmLate(s.standIns.hung[0]!);
    const views = await streamed;
    assert.equal(views.at(-1)?.status, "COMPLETED");
    assert.ok(views.length >= 2, `several views: ${views.map((v) => v.status)}`);
    for (let i = 1; i < views.length; i++) assert.ok(views[i]!.version > views[i - 1]!.version);

    const done = await s.until(id, "COMPLETED");
    assert.equal(done.paymentId, `pay_${id.slice(0, 8)}`);
    assert.equal((await s.call("GET", "/api/cart")).body.openOrderId, null);
    const keys = done.lines.find((l: { productId: string }) =>
      l.productId === software
    ).licenceKeys;
    assert.equal(keys.length, 1);
    assert.deepEqual(s.catalog.holdsFor(ticket).map((h) => [h.status, h.quantity]), [[
      "committed",
      2,
    ]]);
    assert.equal(s.catalog.holdsFor(course).length, 0, "unlimited products need no hold");
    assert.equal(s.standIns.captures.length, 1);
    assert.equal(s.standIns.grants.length, 1);
    assert.equal(s.standIns.refunds.length, 0);
    assert.deepEqual(
      (await s.outboxTypes(id)).filter((t) => !t.startsWith("order.status")),
      ["order.placed", "payment.capture", "entitlement.grant", "order.completed"],
    );
    // Only the buyer (or an admin) sees it; the list pages.
    const stranger = client(s.orders.base, await token(crypto.randomUUID()));
    assert.equal((await stranger("GET", `/api/orders/${id}`)).status, 404);
    assert.equal((await stranger("POST", `/api/orders/${id}/stream-ticket`)).status, 404);
    const admin = client(s.orders.base, await token(crypto.randomUUID(), ["admin"]));
    assert.equal((await admin("GET", `/api/orders/${id}`)).body.id, id);
    assert.equal((await s.call("GET", `/api/orders/${id}`, { auth: null })).status, 401);
    const bad = await fetch(`${s.orders.base}/api/orders/${id}/events?ticket=forged.ticket`);
    assert.equal(bad.status, 401);
    await bad.body?.cancel();
    // The bearer token opens the stream too; an ended order sends its view and closes.
    const again = await readStream(`${s.orders.base}/api/orders/${id}/events`, "COMPLETED", {
      authorization: `Bearer ${s.bearer}`,
    });
    assert.deepEqual(again.map((v) => v.status), ["COMPLETED"]);
  });

  Deno.test(
    name("declined payment: CANCELLED payment_declined, holds released"),
    opts,
    async () => {
      await using s = await scenario(target);
      const ticket = s.catalog.add({ type: "live_ticket", capacity: 2 });
      const id = await s.place([{ productId: ticket, quantity: 1 }], "pm_card_chargeDeclined");
      const view = await s.until(id, "CANCELLED");
      assert.equal(view.reason.code, "payment_declined");
      assert.deepEqual(s.catalog.holdsFor(ticket).map((h) => h.status), ["released"]);
      assert.ok((await s.outboxTypes(id)).includes("order.cancelled"));
      assert.equal(s.standIns.grants.length, 0);
    },
  );

  Deno.test(name("sold out between pricing and holding: CANCELLED sold_out"), opts, async () => {
    await using s = await scenario(target);
    const ticket = s.catalog.add({ type: "live_ticket", capacity: 1 });
    const course = s.catalog.add({ type: "course", capacity: 10 });
    s.catalog.afterRead(ticket, () => s.catalog.takeAll(ticket));
    const id = await s.place([{ productId: course, quantity: 1 }, {
      productId: ticket,
      quantity: 1,
    }]);
    const view = await s.until(id, "CANCELLED");
    assert.equal(view.reason.code, "sold_out");
    assert.deepEqual(s.catalog.holdsFor(course).map((h) => h.status), ["released"]);
    assert.equal(s.standIns.captures.length, 0, "no payment for an order that cannot be filled");
    // Checked up front when the catalog already says so: 422 naming the item.
    const late = await s.call("POST", "/api/orders", {
      key: crypto.randomUUID(),
      json: { items: [{ productId: ticket, quantity: 1 }], paymentMethod: "pm_card_visa" },
    });
    assert.equal(late.status, 422);
    assert.equal(late.body.errors[0].field, "body.items[0].productId");
    assert.match(late.body.errors[0].message, /^"Course \w{4}" is sold out$/);
  });

  Deno.test(name("grant failure: refund sent, CANCELLED grant_failed"), opts, async () => {
    await using s = await scenario(target);
    const course = s.catalog.add();
    s.standIns.grantFails.add(course);
    const id = await s.place([{ productId: course, quantity: 1 }]);
    const view = await s.until(id, "CANCELLED");
    assert.equal(view.reason.code, "grant_failed");
    await eventually(() => s.standIns.refunds.length === 1, 10_000, "refund");
    assert.equal(s.standIns.refunds[0]!.paymentId, `pay_${id.slice(0, 8)}`);
    assert.ok((await s.outboxTypes(id)).includes("payment.refund"));
  });

  Deno.test(
    name("Idempotency-Key: required, replayed, refused for another body"),
    opts,
    async () => {
      await using s = await scenario(target);
      const course = s.catalog.add();
      const body = { items: [{ productId: course, quantity: 1 }], paymentMethod: "pm_card_visa" };
      const missing = await s.call("POST", "/api/orders", { json: body });
      assert.equal(missing.status, 400);
      assert.match(missing.body.detail, /Idempotency-Key/);
      const first = await s.call("POST", "/api/orders", { key: "k-1", json: body });
      assert.equal(first.status, 202);
      const replay = await s.call("POST", "/api/orders", { key: "k-1", json: body });
      assert.equal(replay.status, 200);
      assert.equal(replay.body.id, first.body.id);
      const other = await s.call("POST", "/api/orders", {
        key: "k-1",
        json: { ...body, paymentMethod: "pm_card_mastercard" },
      });
      assert.equal(other.status, 422);
      assert.match(other.body.detail, /Idempotency-Key/);
      await s.until(first.body.id, "COMPLETED");
      assert.equal(s.standIns.captures.length, 1, "one order, one payment");
      // Bad items name the item; the list shows the one order.
      const draft = s.catalog.add({ status: "draft" });
      const unpublished = await s.call("POST", "/api/orders", {
        key: "k-2",
        json: { items: [{ productId: draft, quantity: 1 }], paymentMethod: "pm_card_visa" },
      });
      assert.equal(unpublished.status, 422);
      assert.equal(unpublished.body.errors[0].field, "body.items[0].productId");
      const list = await s.call("GET", "/api/orders?limit=1");
      assert.deepEqual(list.body.items.map((o: { id: string }) => o.id), [first.body.id]);
      assert.equal(list.body.nextCursor, null);
    },
  );

  Deno.test(name("a restarted service finishes its sagas and fires due timers"), opts, async () => {
    await using s = await scenario(target, { PAYMENT_TIMEOUT_MS: "1500" });
    const ticket = s.catalog.add({ type: "live_ticket", capacity: 3 });
    const course = s.catalog.add();
    // The hold API is down: the saga stays RESERVING with its hold owed.
    s.catalog.setHoldsDown(true);
    const stuck = await s.place([{ productId: ticket, quantity: 1 }]);
    await s.until(stuck, "RESERVING");
    // Another order waits for a payment that never answers.
    const waiting = await s.place([{ productId: course, quantity: 1 }], "pm_hang");
    await s.until(waiting, "AWAITING_PAYMENT");
    await s.orders.stop();
    s.catalog.setHoldsDown(false);
    await new Promise((r) => setTimeout(r, 1600)); // the payment timeout falls due while down
    await s.restart();
    assert.equal((await s.until(stuck, "COMPLETED")).status, "COMPLETED");
    assert.deepEqual(s.catalog.holdsFor(ticket).map((h) => h.status), ["committed"]);
    const timedOut = await s.until(waiting, "CANCELLED");
    assert.equal(timedOut.reason.code, "payment_timeout");
  });

  Deno.test(name("payment timeout: CANCELLED, a late payment refunded"), opts, async () => {
    await using s = await scenario(target, { PAYMENT_TIMEOUT_MS: "300" });
    const ticket = s.catalog.add({ type: "live_ticket", capacity: 3 });
    const id = await s.place([{ productId: ticket, quantity: 1 }], "pm_hang");
    const view = await s.until(id, "CANCELLED");
    assert.equal(view.reason.code, "payment_timeout");
    assert.deepEqual(s.catalog.holdsFor(ticket).map((h) => h.status), ["released"]);
    await eventually(() => s.standIns.hung.length === 1, 10_000, "hung capture");
    await s.standIns.confirmLate(s.standIns.hung[0]!);
    await eventually(() => s.standIns.refunds.length === 1, 10_000, "late refund");
    assert.equal((await s.call("GET", `/api/orders/${id}`)).body.status, "CANCELLED");
  });
}

// ---------------------------------------------------------------------------------------
// Two instances on one database: a live stream on one sees the changes the other makes.

Deno.test({
  name: "orders: a stream on instance B sees the changes instance A makes (LISTEN/NOTIFY)",
  ignore: !Deno.env.get("MARQUEE_TEST_POSTGRES_URL"),
  ...opts,
}, async () => {
  await using s = await scenario(busTargets()[0]!);
  assert.equal(s.db.kind, "servers");
  // Instance B: its own pool and hub, no consumers, so every saga move is A's.
  const sqlB = createPool(s.db.url, { max: 2 });
  const config = loadConfig(OrdersEnv, {
    SERVICE_NAME: "orders",
    PORT: "0",
    INTERNAL_TOKEN: INTERNAL,
    UPSTREAM_CATALOG: s.catalog.url,
    LOG_LEVEL: "error",
  });
  const b = await createOrdersApp({
    sql: sqlB,
    config,
    logger,
    registry: new Registry(),
    jwks,
    cache: createMemoryCache({ prefix: `orders-test:${crypto.randomUUID()}:` }),
    listen: true,
  });
  const servedB = serve(b.app.fetch, { port: 0, logger, graceMs: 1000 });
  try {
    assert.equal(b.hub.listening(), true);
    const course = s.catalog.add();
    const id = await s.place([{ productId: course, quantity: 1 }], "pm_hang");
    await eventually(() => s.standIns.hung.length === 1, 10_000, "capture");
    const baseB = servedB.url.replace("localhost", "127.0.0.1");
    const streamed = readStream(`${baseB}/api/orders/${id}/events`, "COMPLETED", {
      authorization: `Bearer ${s.bearer}`,
    });
    await eventually(() => b.hub.count(id) > 0, 5_000, "stream open on B");
    const started = Date.now();
    await s.standIns.confirmLate(s.standIns.hung[0]!);
    const views = await streamed;
    const elapsed = Date.now() - started;
    // B reads each announced change (a burst may fold into its newest view).
    assert.equal(views[0]?.status, "AWAITING_PAYMENT");
    assert.equal(views.at(-1)?.status, "COMPLETED");
    for (let i = 1; i < views.length; i++) assert.ok(views[i]!.version > views[i - 1]!.version);
    assert.ok(elapsed < 5_000, `COMPLETED reached B after ${elapsed} ms`);
    assert.equal(b.hub.size(), 0, "the ended stream unsubscribed");
  } finally {
    await servedB.stop();
    await b.close();
    await sqlB.end({ timeout: 1 });
  }
});

// ---------------------------------------------------------------------------------------
// Refunds of completed orders: seats go back to stock; a refund never confirmed fails.

Deno.test(
  "orders: a refunded order gives its seats back, keeps its licence keys",
  opts,
  async () => {
    await using s = await scenario(busTargets()[0]!);
    const ticket = s.catalog.add({ type: "live_ticket", capacity: 2 });
    const software = s.catalog.add({ type: "software", capacity: 2 });
    const id = await s.place([{ productId: ticket, quantity: 2 }, {
      productId: software,
      quantity: 1,
    }]);
    await s.until(id, "COMPLETED");
    const admin = client(s.orders.base, await token(crypto.randomUUID(), ["admin"]));
    const res = await admin("POST", `/api/orders/${id}/refund`, { json: { reason: "Cancelled" } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const done = await s.until(id, "REFUNDED");
    assert.equal(done.reason.code, "refunded");
    assert.deepEqual(s.catalog.holdsFor(ticket).map((h) => h.status), ["released"]);
    assert.deepEqual(s.catalog.holdsFor(software).map((h) => h.status), ["committed"]);
    const keys =
      done.lines.find((l: { productId: string }) => l.productId === software).licenceKeys;
    assert.equal(keys.length, 1, "the buyer's keys stay on the order");
    const returns = s.catalog.calls.filter((c) => c.endsWith("/return"));
    assert.equal(returns.length, 1, returns.join());
    assert.equal((await admin("POST", `/api/orders/${id}/refund`, { json: {} })).status, 200);
    assert.equal(s.standIns.refunds.length, 1);
  },
);

Deno.test("orders: a refund not confirmed in time ends FAILED refund_failed", opts, async () => {
  await using s = await scenario(busTargets()[0]!, { REFUND_TIMEOUT_MS: "400" });
  const ticket = s.catalog.add({ type: "live_ticket", capacity: 2 });
  const id = await s.place([{ productId: ticket, quantity: 1 }]);
  await s.until(id, "COMPLETED");
  s.standIns.revokeHangs.add(id);
  const admin = client(s.orders.base, await token(crypto.randomUUID(), ["admin"]));
  assert.equal((await admin("POST", `/api/orders/${id}/refund`, { json: {} })).status, 202);
  const failed = await s.until(id, "FAILED", 10_000);
  assert.equal(failed.reason.code, "refund_failed");
  assert.match(failed.reason.message, /access was not confirmed revoked/);
  assert.doesNotMatch(failed.reason.message, /did not confirm the refund/);
  // Nothing is given back to stock for an order whose refund failed.
  assert.deepEqual(s.catalog.holdsFor(ticket).map((h) => h.status), ["committed"]);
  const timers = await s.db.sql`select 1 from saga_timers where order_id = ${id}`;
  assert.equal(timers.length, 0, "the timer fired once and is gone");
});

// ---------------------------------------------------------------------------------------
// Carts, on the in-process cache and on Redis when configured.

const cacheTargets: Array<{ name: string; make: () => Cache }> = [
  { name: "memory", make: () => createMemoryCache({ prefix: "orders-test:" }) },
];
const redisUrl = Deno.env.get("MARQUEE_TEST_REDIS_URL");
if (redisUrl) {
  cacheTargets.push({
    name: "redis",
    make: () => createRedisCache({ url: redisUrl, prefix: `orders-test:${crypto.randomUUID()}:` }),
  });
}

for (const cacheTarget of cacheTargets) {
  Deno.test(
    `orders cart on ${cacheTarget.name}: add, update, remove, merge, order, kept until paid`,
    opts,
    async () => {
      const db = await testDatabase([ORDERS_MIGRATIONS]);
      const bus = busTargets()[0]!.make();
      await ensureTopics(bus);
      await using catalog = startCatalog();
      const cache = cacheTarget.make();
      const buyer = crypto.randomUUID();
      const standIns = await startStandIns(bus, new Set([buyer]));
      const orders = await startOrders(db, bus, catalog.url, {}, cache);
      try {
        const call = client(orders.base, await token(buyer));
        const a = catalog.add({ price: { amount: 1000, currency: "EUR" } });
        const b = catalog.add({
          type: "live_ticket",
          title: "Zither course",
          capacity: 2,
          price: { amount: 500, currency: "EUR" },
        });
        const c = catalog.add({ price: { amount: 700, currency: "EUR" } });

        assert.equal((await call("GET", "/api/cart", { auth: null })).status, 401);
        assert.deepEqual((await call("GET", "/api/cart")).body.items, []);
        let cart = await call("POST", "/api/cart/items", { json: { productId: a, quantity: 1 } });
        assert.equal(cart.status, 200, JSON.stringify(cart.body));
        cart = await call("POST", "/api/cart/items", { json: { productId: a } });
        assert.equal(cart.body.items[0].quantity, 2);
        cart = await call("POST", "/api/cart/items", { json: { productId: b, quantity: 1 } });
        assert.deepEqual(cart.body.total, { amount: 2 * 1000 + 500, currency: "EUR" });
        const missing = await call("POST", "/api/cart/items", {
          json: { productId: crypto.randomUUID() },
        });
        assert.equal(missing.status, 422);
        assert.equal(missing.body.errors[0].field, "body.productId");
        assert.equal(
          (await call("POST", "/api/cart/items", { json: { productId: "x" } })).status,
          422,
        );

        // More units than are left: refused, naming the product; the picker's cap is given.
        const over = await call("PATCH", `/api/cart/items/${b}`, { json: { quantity: 3 } });
        assert.equal(over.status, 422);
        assert.deepEqual(over.body.errors, [{
          field: "body.quantity",
          message: '"Zither course" has only 2 left',
        }]);
        cart = await call("PATCH", `/api/cart/items/${b}`, { json: { quantity: 2 } });
        const line = cart.body.items.find((i: { productId: string }) => i.productId === b);
        assert.deepEqual([line.unavailable, line.maxQuantity], [false, 2]);
        const added = await call("POST", "/api/cart/items", { json: { productId: b } });
        assert.equal(added.status, 422);
        assert.equal(added.body.errors[0].message, '"Zither course" has only 2 left');
        assert.equal(
          (await call("PATCH", `/api/cart/items/${c}`, { json: { quantity: 1 } })).status,
          404,
        );
        cart = await call("PATCH", `/api/cart/items/${b}`, { json: { quantity: 1 } });
        assert.equal(cart.body.items[1].unavailable, false);

        cart = await call("DELETE", `/api/cart/items/${a}`);
        assert.deepEqual(cart.body.items.map((i: { productId: string }) => i.productId), [b]);
        assert.equal((await call("DELETE", `/api/cart/items/${a}`)).status, 404);

        cart = await call("POST", "/api/cart/merge", {
          json: { items: [{ productId: b, quantity: 2 }, { productId: c, quantity: 1 }] },
        });
        assert.deepEqual(
          cart.body.items.map((
            i: { productId: string; quantity: number },
          ) => [i.productId, i.quantity]),
          [[b, 2], [c, 1]],
        );
        catalog.set(c, { status: "archived" });
        cart = await call("GET", "/api/cart");
        assert.equal(cart.body.items[1].reason, "A product in your cart is no longer on sale");
        assert.deepEqual(cart.body.total, { amount: 1000, currency: "EUR" });
        const ttl = await cache.ttl(`cart:${buyer}`);
        assert.ok(ttl !== null && ttl > 29 * 86_400_000, "30 days, refreshed on write");

        // An order from the cart names the unavailable line; then succeeds without it.
        const refused = await call("POST", "/api/orders", {
          key: "cart-1",
          json: { paymentMethod: "pm_card_visa" },
        });
        assert.equal(refused.status, 422);
        assert.equal(refused.body.errors[0].field, "cart.items[1]");
        await call("DELETE", `/api/cart/items/${c}`);
        const lines = async () =>
          (await call("GET", "/api/cart")).body.items.map((
            i: { productId: string; quantity: number },
          ) => [i.productId, i.quantity]);
        const settled = async (id: string, status: string) => {
          let last: string | undefined;
          await eventually(
            async () => {
              last = (await call("GET", `/api/orders/${id}`)).body?.status;
              return last === status;
            },
            20_000,
            `order ${status} (last ${last})`,
          );
        };

        // A declined card cancels the order; the cart keeps its lines for another card.
        const declined = await call("POST", "/api/orders", {
          key: "cart-2",
          json: { paymentMethod: "pm_card_chargeDeclined" },
        });
        assert.equal(declined.status, 202, JSON.stringify(declined.body));
        assert.deepEqual(declined.body.lines.map((l: { productId: string }) => l.productId), [b]);
        assert.deepEqual(await lines(), [[b, 2]], "placed: the cart is kept");
        await settled(declined.body.id, "CANCELLED");
        assert.deepEqual(await lines(), [[b, 2]], "declined: the cart is kept");

        // Another card succeeds: once the order completes, its lines leave the cart.
        const placed = await call("POST", "/api/orders", {
          key: "cart-3",
          json: { paymentMethod: "pm_card_visa" },
        });
        assert.equal(placed.status, 202, JSON.stringify(placed.body));
        await settled(placed.body.id, "COMPLETED");
        await eventually(async () => (await lines()).length === 0, 20_000, "cart emptied");
        const empty = await call("POST", "/api/orders", {
          key: "cart-4",
          json: { paymentMethod: "pm_card_visa" },
        });
        assert.equal(empty.status, 422);
        assert.equal(empty.body.errors[0].field, "body.items");
      } finally {
        await orders.stop();
        await standIns.close();
        await cache.close();
        await bus.close();
        await db[Symbol.asyncDispose]();
      }
    },
  );
}
