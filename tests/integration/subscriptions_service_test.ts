/**
 * The subscriptions service end to end on each bus (in-process always, Kafka with
 * MARQUEE_TEST_KAFKA_BROKERS) and database (PGlite, or Postgres with
 * MARQUEE_TEST_POSTGRES_URL), its access cache in process (and in Redis with
 * MARQUEE_TEST_REDIS_URL): `entitlement.grant` and `entitlement.revoke` commands on the
 * bus are applied and answered once; a revoke is seen by the access check at once; the
 * library lists what the buyer owns; downloads redirect owners only, to the URL the catalog
 * signs for them over its internal API (the catalog's own test covers that URL's bytes).
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { type Cache, createMemoryCache, createRedisCache } from "@marquee/cache";
import { loadConfig } from "@marquee/config";
import { GrantEntitlements, type OrderLine, RevokeEntitlements, TOPICS } from "@marquee/contracts";
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
import { accessKey } from "../../services/subscriptions/access.ts";
import {
  createSubscriptionsApp,
  SUBSCRIPTIONS_MIGRATIONS,
} from "../../services/subscriptions/app.ts";
import { SubscriptionsEnv } from "../../services/subscriptions/config.ts";
import { entitlementCommandsConsumer } from "../../services/subscriptions/events/incoming.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const logger = createLogger({ service: "subscriptions", level: "error", sink: () => {} });
const INTERNAL_TOKEN = "subscriptions-test-internal-token-0123456789";
const EUR = { amount: 4900, currency: "EUR" };

const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
const jwks = { keys: [{ ...await exportJWK(publicKey), kid: "k1", alg: "EdDSA", use: "sig" }] };
const signWith = (key: CryptoKey, userId: string) =>
  new SignJWT({ sub: userId, roles: ["buyer"] })
    .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
    .setIssuer("http://localhost:8000")
    .setAudience("marquee")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(key);
const tokenFor = (userId: string) => signWith(privateKey, userId);

/** Files the catalog stand-in lists per product, as its public product JSON does. */
type CatalogFiles = Map<
  string,
  Array<{ id: string; name: string; size: number; contentType: string }>
>;

/** What the catalog stand-in keeps: files it shows, files it serves, and what it was asked. */
interface CatalogStandIn {
  /** The public product JSON's files; absent products answer 404. */
  files: CatalogFiles;
  /** Files it signs URLs for, by `productId/fileId`, archived products' too. */
  stored: Set<string>;
  /** The internal tokens download-URL requests carried. */
  tokens: string[];
  /** Answer 503 to every download-URL request. */
  down: boolean;
}

/** A file id the catalog stand-in answers 410 for: its stored object is gone. */
const GONE_FILE = "00000000-0000-4000-8000-000000000410";

/** The catalog's product JSON and internal download-URL API on a real port. */
function startCatalog(standIn: CatalogStandIn) {
  const app = new Hono()
    .get("/api/products/:id", (c) => {
      const list = standIn.files.get(c.req.param("id"));
      if (!list) return c.json({ status: 404, title: "Not Found" }, 404);
      return c.json({ id: c.req.param("id"), status: "published", files: list });
    })
    .get("/internal/products/:id/files/:fileId/download-url", (c) => {
      const { id, fileId } = c.req.param();
      standIn.tokens.push(c.req.header("x-internal-token") ?? "");
      if (standIn.down) return c.json({ status: 503 }, 503);
      if (c.req.header("x-internal-token") !== INTERNAL_TOKEN) return c.json({ status: 401 }, 401);
      if (fileId === GONE_FILE) return c.json({ status: 410 }, 410);
      if (!standIn.stored.has(`${id}/${fileId}`)) return c.json({ status: 404 }, 404);
      const url = `https://files.example/${id}/${fileId}?signature=catalog`;
      return c.json({ url, expiresAt: new Date().toISOString(), name: "file.zip" });
    });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  return { url: `http://127.0.0.1:${server.addr.port}`, stop: () => server.shutdown() };
}

/** The access cache: in process, or in Redis under a prefix of this run's own. */
function openCache(): Cache {
  const url = Deno.env.get("MARQUEE_TEST_REDIS_URL");
  return url
    ? createRedisCache({ url, prefix: `test-subscriptions-${crypto.randomUUID()}:` })
    : createMemoryCache({ prefix: "subscriptions:", sweepIntervalMs: 0 });
}

async function start(bus: EventBus) {
  const db = await testDatabase([SUBSCRIPTIONS_MIGRATIONS]);
  const { sql } = db;
  const commands = testTopic("entitlements.commands");
  await bus.ensureTopics([
    commands,
    deadLetterTopic(commands),
    TOPICS.entitlements,
    deadLetterTopic(TOPICS.entitlements),
  ]);
  const standIn: CatalogStandIn = { files: new Map(), stored: new Set(), tokens: [], down: false };
  const catalog = startCatalog(standIn);
  const config = loadConfig(SubscriptionsEnv, {
    SERVICE_NAME: "subscriptions",
    PORT: "0",
    INTERNAL_TOKEN,
    UPSTREAM_CATALOG: catalog.url,
    // Long enough that only the service's own writes can change a cached answer in a test.
    ACCESS_CACHE_TTL_SEC: "3600",
  });
  const cache = openCache();
  const built = createSubscriptionsApp({
    sql,
    config,
    logger,
    registry: new Registry(),
    jwks,
    cache,
  });
  const consumer = await startConsumer({
    ...entitlementCommandsConsumer({ access: built.access, logger, topic: commands }),
    group: `subscriptions-test-${crypto.randomUUID()}`,
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
    group: `subscriptions-watch-${crypto.randomUUID()}`,
    topics: [TOPICS.entitlements],
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
  const grant = (buyerId: string, lines: OrderLine[], orderId: string = crypto.randomUUID()) => {
    orders.add(orderId);
    return createEvent({ ...GrantEntitlements, topic: commands }, { orderId, buyerId, lines }, {
      source: "/marquee/orders",
    });
  };
  const revoke = (buyerId: string, orderId: string) =>
    createEvent({ ...RevokeEntitlements, topic: commands }, {
      orderId,
      buyerId,
      reason: "refunded",
    }, { source: "/marquee/orders" });
  const handled = (eventId: string) =>
    eventually(
      async () => (await sql`select 1 from inbox where event_id = ${eventId}`).length === 1,
      20_000,
      `command ${eventId} handled`,
    );
  /** Answers on the bus for `orderId`, once `count` of `type` arrived. */
  const answers = async (orderId: string, type: string, count = 1) => {
    const of = () => onBus.filter((e) => e.subject === orderId && e.type === type);
    await eventually(() => of().length >= count, 20_000, `${count} ${type} for ${orderId}`);
    return of();
  };
  const request = async (path: string, init: RequestInit = {}) => {
    const res = await built.app.request(path, init);
    const text = await res.text();
    const json = res.headers.get("content-type")?.includes("json");
    return { status: res.status, res, body: text && json ? JSON.parse(text) : text };
  };
  const count = async (orderId: string) =>
    (await sql<{ n: number }[]>`
      select count(*)::int as n from entitlements where source_id = ${orderId}`)[0]!.n;
  const asUser = async (userId: string) => ({ authorization: `Bearer ${await tokenFor(userId)}` });
  const check = async (userId: string, productId: string) =>
    (await request(`/api/entitlements/check?productId=${productId}`, {
      headers: await asUser(userId),
    })).body.access as boolean;

  return {
    sql,
    cache,
    files: standIn.files,
    catalog: standIn,
    onBus,
    publish,
    grant,
    revoke,
    handled,
    answers,
    count,
    request,
    asUser,
    check,
    async [Symbol.asyncDispose]() {
      await watcher.close();
      await consumer.close();
      await relay.stop();
      await built.close();
      await cache.close();
      await catalog.stop();
      await bus.close();
      await db[Symbol.asyncDispose]();
    },
  };
}

const line = (overrides: Partial<OrderLine> = {}): OrderLine => ({
  productId: crypto.randomUUID(),
  title: "Synthesis from first principles",
  type: "course",
  creatorId: crypto.randomUUID(),
  quantity: 1,
  unitPrice: EUR,
  licenceKeys: [],
  ...overrides,
});

for (const target of busTargets()) {
  Deno.test(`subscriptions commands on ${target.name}`, opts, async (t) => {
    await using s = await start(target.make());
    const buyer = crypto.randomUUID();
    const course = line();
    const software = line({ type: "software", title: "Wavetable synth", licenceKeys: ["KEY-1"] });
    const command = s.grant(buyer, [course, software]);
    const orderId = command.subject;

    await t.step("a grant writes one entitlement per product and answers granted", async () => {
      assert.equal(await s.check(buyer, course.productId), false, "no access before the grant");
      await s.publish(command);
      const [granted] = await s.answers(orderId, "entitlement.granted");
      const rows = await s.sql<{ id: string; productId: string; licenceKeys: string[] }[]>`
        select id, product_id, licence_keys from entitlements
        where source_kind = 'order' and source_id = ${orderId} order by product_id`;
      assert.equal(rows.length, 2);
      const data = granted!.data as {
        entitlements: { entitlementId: string; productId: string }[];
      };
      assert.deepEqual(
        data.entitlements.map((e) => e.entitlementId).sort(),
        rows.map((r) => r.id).sort(),
      );
      assert.deepEqual(rows.find((r) => r.productId === software.productId)!.licenceKeys, [
        "KEY-1",
      ]);
      // The negative answer cached before the grant was replaced by the grant itself.
      assert.equal(await s.check(buyer, course.productId), true);
      assert.equal(await s.check(buyer, software.productId), true);
    });

    await t.step("the same command delivered twice is granted once", async () => {
      await s.publish(command);
      await s.handled(command.id);
      assert.equal(await s.count(orderId), 2);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await s.answers(orderId, "entitlement.granted")).length, 1);
    });

    await t.step("a grant sent again with a new id changes nothing and answers again", async () => {
      const again = s.grant(buyer, [course, software], orderId);
      await s.publish(again);
      const [first, second] = await s.answers(orderId, "entitlement.granted", 2);
      assert.deepEqual(
        (second!.data as { entitlements: unknown[] }).entitlements,
        (first!.data as { entitlements: unknown[] }).entitlements,
      );
      assert.equal(await s.count(orderId), 2);
    });

    await t.step("the library lists owned products with licence keys and files", async () => {
      const fileId = crypto.randomUUID();
      s.files.set(software.productId, [
        { id: fileId, name: "wavetable-1.0.zip", size: 5, contentType: "application/zip" },
      ]);
      const { status, body } = await s.request("/api/library", { headers: await s.asUser(buyer) });
      assert.equal(status, 200);
      assert.equal(body.items.length, 2);
      const item = body.items.find((i: { productId: string }) =>
        i.productId === software.productId
      );
      assert.equal(item.title, "Wavetable synth");
      assert.equal(item.type, "software");
      assert.equal(item.creatorId, software.creatorId);
      assert.deepEqual(item.licenceKeys, ["KEY-1"]);
      assert.deepEqual(item.files, [{
        id: fileId,
        name: "wavetable-1.0.zip",
        size: 5,
        contentType: "application/zip",
        downloadUrl: `/api/library/${software.productId}/files/${fileId}/download`,
      }]);
      const other = body.items.find((i: { productId: string }) => i.productId === course.productId);
      assert.equal(other.files, null, "the catalog does not show this product");
      const paged = await s.request("/api/library?limit=1", { headers: await s.asUser(buyer) });
      assert.equal(paged.body.items.length, 1);
      assert.ok(paged.body.nextCursor);
      const rest = await s.request(`/api/library?limit=1&cursor=${paged.body.nextCursor}`, {
        headers: await s.asUser(buyer),
      });
      assert.equal(rest.body.items.length, 1);
      assert.notEqual(rest.body.items[0].productId, paged.body.items[0].productId);
      assert.equal(rest.body.nextCursor, null);
      const stranger = await s.request("/api/library", {
        headers: await s.asUser(crypto.randomUUID()),
      });
      assert.deepEqual(stranger.body.items, []);
    });

    await t.step("a revoke is seen by the access check at once and answers revoked", async () => {
      assert.equal(await s.cache.get(accessKey(buyer, course.productId)), "1", "cached");
      const internal = () =>
        s.request(`/internal/access?userId=${buyer}&productId=${course.productId}`, {
          headers: { "x-internal-token": INTERNAL_TOKEN },
        });
      assert.deepEqual((await internal()).body, { access: true });
      const command = s.revoke(buyer, orderId);
      await s.publish(command);
      await s.handled(command.id);
      // No waiting for the cache to expire: the revoke itself wrote the new answer.
      assert.equal(await s.check(buyer, course.productId), false);
      assert.equal(await s.check(buyer, software.productId), false);
      assert.deepEqual((await internal()).body, { access: false });
      const [revoked] = await s.answers(orderId, "entitlement.revoked");
      assert.deepEqual(
        [...(revoked!.data as { productIds: string[] }).productIds].sort(),
        [course.productId, software.productId].sort(),
      );
      const rows = await s.sql<{ revokedAt: Date | null; revokeReason: string | null }[]>`
        select revoked_at, revoke_reason from entitlements where source_id = ${orderId}`;
      assert.ok(rows.every((r) => r.revokedAt !== null && r.revokeReason === "refunded"));
      const library = await s.request("/api/library", { headers: await s.asUser(buyer) });
      assert.deepEqual(library.body.items, []);
    });

    await t.step("a grant after the revoke fails and access stays off", async () => {
      await s.publish(s.grant(buyer, [course], orderId));
      const [failed] = await s.answers(orderId, "entitlement.grant_failed");
      assert.match((failed!.data as { message: string }).message, /was revoked/);
      assert.equal(await s.check(buyer, course.productId), false);
    });

    await t.step("revoking one order keeps access another order gives", async () => {
      const first = s.grant(buyer, [course]);
      const second = s.grant(buyer, [course]);
      await s.publish(first);
      await s.publish(second);
      await s.answers(first.subject, "entitlement.granted");
      await s.answers(second.subject, "entitlement.granted");
      const command = s.revoke(buyer, first.subject);
      await s.publish(command);
      await s.answers(first.subject, "entitlement.revoked");
      assert.equal(await s.check(buyer, course.productId), true);
    });
  });
}

Deno.test("subscriptions downloads: owners go to the URL the catalog signs", opts, async (t) => {
  const [memory] = busTargets();
  await using s = await start(memory!.make());
  const owner = crypto.randomUUID();
  const product = line({ type: "asset", title: "Drum kit" });
  const fileId = crypto.randomUUID();
  s.catalog.stored.add(`${product.productId}/${fileId}`);
  s.files.set(product.productId, [
    { id: fileId, name: "drum kit.zip", size: 17, contentType: "application/zip" },
  ]);
  const command = s.grant(owner, [product]);
  await s.publish(command);
  await s.answers(command.subject, "entitlement.granted");
  const path = `/api/library/${product.productId}/files/${fileId}/download`;

  await t.step("the owner is redirected to the catalog's URL, asked with the token", async () => {
    const { status, res } = await s.request(path, { headers: await s.asUser(owner) });
    assert.equal(status, 302);
    assert.equal(
      res.headers.get("location"),
      `https://files.example/${product.productId}/${fileId}?signature=catalog`,
    );
    assert.equal(res.headers.get("cache-control"), "private, no-store");
    assert.deepEqual(s.catalog.tokens, [INTERNAL_TOKEN]);
  });

  await t.step(
    "another user gets 403 without the catalog being asked, a forged token 401",
    async () => {
      const asked = s.catalog.tokens.length;
      const other = await s.request(path, { headers: await s.asUser(crypto.randomUUID()) });
      assert.equal(other.status, 403);
      assert.equal(other.res.headers.get("content-type"), "application/problem+json");
      const { privateKey: forger } = await generateKeyPair("EdDSA");
      const forged = await s.request(path, {
        headers: { authorization: `Bearer ${await signWith(forger, owner)}` },
      });
      assert.equal(forged.status, 401);
      assert.equal((await s.request(path)).status, 401);
      assert.equal(s.catalog.tokens.length, asked);
    },
  );

  await t.step("a file the catalog does not keep is 404, bad ids 422", async () => {
    const missing = await s.request(
      `/api/library/${product.productId}/files/${crypto.randomUUID()}/download`,
      { headers: await s.asUser(owner) },
    );
    assert.equal(missing.status, 404);
    const gone = await s.request(
      `/api/library/${product.productId}/files/${GONE_FILE}/download`,
      { headers: await s.asUser(owner) },
    );
    assert.equal(gone.status, 404, "a file whose object is gone reads as no longer there");
    assert.match(gone.body.detail, /no longer available/);
    const bad = await s.request(`/api/library/${product.productId}/files/..%2Fx/download`, {
      headers: await s.asUser(owner),
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, "param.fileId");
  });

  await t.step("a product the catalog no longer shows still downloads for its owner", async () => {
    s.files.delete(product.productId);
    const { status } = await s.request(path, { headers: await s.asUser(owner) });
    assert.equal(status, 302);
  });

  await t.step("a catalog that cannot answer is a 503 problem", async () => {
    s.catalog.down = true;
    const { status, res } = await s.request(path, { headers: await s.asUser(owner) });
    assert.equal(status, 503);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
  });
});

Deno.test("subscriptions API refuses bad callers and bad input", opts, async () => {
  const [memory] = busTargets();
  await using s = await start(memory!.make());
  const user = crypto.randomUUID();
  const productId = crypto.randomUUID();
  const { privateKey: forger } = await generateKeyPair("EdDSA");
  const forged = await s.request(`/api/entitlements/check?productId=${productId}`, {
    headers: { authorization: `Bearer ${await signWith(forger, user)}` },
  });
  assert.equal(forged.status, 401);
  assert.equal((await s.request("/api/library")).status, 401);
  const bad = await s.request("/api/entitlements/check?productId=nope", {
    headers: await s.asUser(user),
  });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, "query.productId");
  const cursor = await s.request("/api/library?cursor=garbage", { headers: await s.asUser(user) });
  assert.equal(cursor.status, 422);
  assert.equal(cursor.body.errors[0].field, "query.cursor");
  const limit = await s.request("/api/library?limit=100000", { headers: await s.asUser(user) });
  assert.equal(limit.status, 422);
  const internal = `/internal/access?userId=${user}&productId=${productId}`;
  assert.equal((await s.request(internal)).status, 401);
  const wrong = await s.request(internal, { headers: { "x-internal-token": "x".repeat(44) } });
  assert.equal(wrong.status, 401);
  // A user's bearer token is not the internal token.
  assert.equal((await s.request(internal, { headers: await s.asUser(user) })).status, 401);
  const badIds = await s.request("/internal/access?userId=1&productId=2", {
    headers: { "x-internal-token": INTERNAL_TOKEN },
  });
  assert.equal(badIds.status, 422);
});
