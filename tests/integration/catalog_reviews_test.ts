/**
 * Reviews end to end: `createCatalogApp` on a fresh database (real Postgres when
 * MARQUEE_TEST_POSTGRES_URL is set), tokens signed by a key set made here, and ownership asked
 * over real HTTP of a stand-in for the subscriptions service's `/internal/access`, which
 * answers from a set of (user, product) pairs and checks the internal token.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { DEV_INTERNAL_TOKEN, loadConfig } from "@marquee/config";
import { Envelope } from "@marquee/events";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { testDatabase } from "@marquee/testing";
import { CATALOG_MIGRATIONS, createCatalogApp } from "../../services/catalog/app.ts";
import { CatalogEnv } from "../../services/catalog/config.ts";
import { upsertCreator } from "../../services/catalog/db/creators.ts";

const ISSUER = "http://localhost:8000";
const CREATOR = crypto.randomUUID();
const BUYER = crypto.randomUUID();
const SECOND_BUYER = crypto.randomUUID();
const STRANGER = crypto.randomUUID();

const logger = createLogger({ service: "catalog", level: "error", sink: () => {} });
const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
const jwks = { keys: [{ ...await exportJWK(publicKey), kid: "k1", alg: "EdDSA", use: "sig" }] };

function token(sub: string, roles: string[]): Promise<string> {
  return new SignJWT({ sub, roles })
    .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
    .setIssuer(ISSUER)
    .setAudience("marquee")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(privateKey);
}
const TOKENS = {
  creator: await token(CREATOR, ["buyer", "creator"]),
  buyer: await token(BUYER, ["buyer"]),
  second: await token(SECOND_BUYER, ["buyer"]),
  stranger: await token(STRANGER, ["buyer"]),
};
type Who = keyof typeof TOKENS | "anonymous";

/** The stand-in subscriptions service: who owns what, over HTTP, behind the internal token. */
function startSubscriptions() {
  const owned = new Set<string>();
  const asked: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    if (req.headers.get("x-internal-token") !== DEV_INTERNAL_TOKEN) {
      return new Response(null, { status: 401 });
    }
    const userId = url.searchParams.get("userId")!;
    const productId = url.searchParams.get("productId")!;
    asked.push(userId);
    return Response.json({ access: owned.has(`${userId}:${productId}`) });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    grant: (userId: string, productId: string) => owned.add(`${userId}:${productId}`),
    asked,
    stop: () => server.shutdown(),
  };
}

async function start() {
  const db = await testDatabase([CATALOG_MIGRATIONS]);
  const subscriptions = startSubscriptions();
  const root = await Deno.makeTempDir({ prefix: "marquee-reviews-blobs-" });
  const config = loadConfig(CatalogEnv, {
    BLOB_STORE: "local",
    BLOB_ROOT: root,
    SERVICE_NAME: "catalog",
    PORT: "0",
    BLOB_SIGNING_SECRET: "catalog-test-blob-secret-0123",
    UPSTREAM_SUBSCRIPTIONS: subscriptions.url,
  });
  const built = await createCatalogApp({
    sql: db.sql,
    config,
    logger,
    registry: new Registry(),
    jwks,
  });
  const api = async (method: string, path: string, options: { as?: Who; json?: unknown } = {}) => {
    const headers = new Headers();
    if (options.as && options.as !== "anonymous") {
      headers.set("authorization", `Bearer ${TOKENS[options.as]}`);
    }
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers.set("content-type", "application/json");
    }
    const res = await built.app.request(path, { method, headers, body });
    const text = await res.text();
    // deno-lint-ignore no-explicit-any
    return { status: res.status, res, body: text ? JSON.parse(text) : undefined as any };
  };
  return {
    sql: db.sql,
    api,
    subscriptions,
    async [Symbol.asyncDispose]() {
      await built.close();
      await subscriptions.stop().catch(() => {});
      await db[Symbol.asyncDispose]();
      await Deno.remove(root, { recursive: true });
    },
  };
}

Deno.test("reviews: only owners write, one each, and the product shows the average", async (t) => {
  await using s = await start();
  const { api, sql, subscriptions } = s;
  const now = new Date();
  await upsertCreator(sql, { id: BUYER, displayName: "Ada Buyer", updatedAt: now });
  await upsertCreator(sql, { id: SECOND_BUYER, displayName: "Grace Buyer", updatedAt: now });

  const created = await api("POST", "/api/products", {
    as: "creator",
    json: {
      type: "asset",
      title: "Field recordings",
      description: "Rain and wind.",
      price: { amount: 900, currency: "USD" },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as string;
  const path = `/api/products/${id}/reviews`;

  await t.step("a draft has no reviews to read or write", async () => {
    assert.equal((await api("GET", path)).status, 404);
    subscriptions.grant(BUYER, id);
    const r = await api("PUT", `${path}/mine`, { as: "buyer", json: { rating: 5 } });
    assert.equal(r.status, 404);
  });

  const published = await api("POST", `/api/products/${id}/publish`, { as: "creator" });
  assert.equal(published.status, 200, JSON.stringify(published.body));

  await t.step("a buyer who does not own the product is refused with 403", async () => {
    const mine = await api("GET", `${path}/mine`, { as: "stranger" });
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body, {
      canReview: false,
      reason: "Only buyers who own this product can review it",
      review: null,
    });
    const r = await api("PUT", `${path}/mine`, { as: "stranger", json: { rating: 1 } });
    assert.equal(r.status, 403);
    assert.equal(r.body.detail, "Only buyers who own this product can review it");
    assert.ok(subscriptions.asked.includes(STRANGER), "ownership was asked of subscriptions");
  });

  await t.step("the creator cannot review their own product, even holding it", async () => {
    subscriptions.grant(CREATOR, id);
    const r = await api("PUT", `${path}/mine`, { as: "creator", json: { rating: 5 } });
    assert.equal(r.status, 403);
    assert.equal(r.body.detail, "Creators cannot review their own products");
    const mine = await api("GET", `${path}/mine`, { as: "creator" });
    assert.equal(mine.body.canReview, false);
  });

  await t.step("a bad rating is a 422 naming the field in plain words", async () => {
    const cases: [unknown, string][] = [
      [{ rating: 6 }, "Enter a rating of at most 5"],
      [{ rating: 0 }, "Enter a rating of at least 1"],
      [{ rating: 4.5 }, "Enter a whole number for rating"],
      [{ body: "no stars" }, "Enter a rating"],
    ];
    for (const [json, message] of cases) {
      const r = await api("PUT", `${path}/mine`, { as: "buyer", json });
      assert.equal(r.status, 422, JSON.stringify(json));
      assert.equal(r.res.headers.get("content-type"), "application/problem+json");
      assert.deepEqual(r.body.errors, [{ field: "body.rating", message }]);
    }
    const long = await api("PUT", `${path}/mine`, {
      as: "buyer",
      json: { rating: 3, body: "x".repeat(2001) },
    });
    assert.equal(long.status, 422);
    assert.deepEqual(long.body.errors, [{
      field: "body.body",
      message: "Use at most 2,000 characters",
    }]);
  });

  await t.step(
    "an owner writes a review; HTML stays text; product.reviewed is enqueued",
    async () => {
      const r = await api("PUT", `${path}/mine`, {
        as: "buyer",
        json: { rating: 4, body: "  Lovely <b>rain</b> sounds  " },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.rating, 4);
      assert.equal(r.body.body, "Lovely <b>rain</b> sounds");
      assert.equal(r.body.authorName, "Ada Buyer");
      const [event] = await sql<{ envelope: unknown }[]>`select envelope from outbox
      where type = 'product.reviewed' order by seq`;
      const envelope = Envelope.parse(event!.envelope);
      assert.equal(envelope.subject, id);
      assert.deepEqual(
        { ...(envelope.data as Record<string, unknown>), reviewedAt: undefined },
        {
          productId: id,
          slug: created.body.slug,
          creatorId: CREATOR,
          buyerId: BUYER,
          rating: 4,
          created: true,
          reviewCount: 1,
          averageRating: 4,
          reviewedAt: undefined,
        },
      );
    },
  );

  await t.step("writing again edits the one review", async () => {
    const r = await api("PUT", `${path}/mine`, { as: "buyer", json: { rating: 2 } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.rating, 2);
    assert.equal(r.body.body, "");
    const mine = await api("GET", `${path}/mine`, { as: "buyer" });
    assert.equal(mine.body.canReview, true);
    assert.equal(mine.body.review.rating, 2);
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from reviews
      where product_id = ${id}`;
    assert.equal(row!.n, 1);
  });

  await t.step(
    "the list is newest first in cursor pages; the product shows the average",
    async () => {
      subscriptions.grant(SECOND_BUYER, id);
      const second = await api("PUT", `${path}/mine`, {
        as: "second",
        json: { rating: 5, body: "Best rain" },
      });
      assert.equal(second.status, 201);
      const first = await api("GET", `${path}?limit=1`);
      assert.equal(first.status, 200);
      assert.deepEqual(first.body.summary, { count: 2, average: 3.5 });
      assert.deepEqual(first.body.items.map((r: { authorName: string }) => r.authorName), [
        "Grace Buyer",
      ]);
      assert.ok(first.body.nextCursor);
      const next = await api("GET", `${path}?limit=1&cursor=${first.body.nextCursor}`);
      assert.deepEqual(next.body.items.map((r: { authorName: string }) => r.authorName), [
        "Ada Buyer",
      ]);
      assert.equal(next.body.nextCursor, null);
      const stale = await api("GET", `${path}?cursor=not-a-cursor`);
      assert.equal(stale.status, 422);
      assert.equal(stale.body.errors[0].field, "query.cursor");

      const product = await api("GET", `/api/products/${id}`);
      assert.deepEqual(product.body.rating, { count: 2, average: 3.5 });
      const list = await api("GET", "/api/products");
      const card = list.body.items.find((p: { id: string }) => p.id === id);
      assert.deepEqual(card.rating, { count: 2, average: 3.5 });
    },
  );

  await t.step("without an answer on ownership a write is a 503, never a 500", async () => {
    await subscriptions.stop();
    const r = await api("PUT", `${path}/mine`, { as: "buyer", json: { rating: 3 } });
    assert.equal(r.status, 503, JSON.stringify(r.body));
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
  });
});
