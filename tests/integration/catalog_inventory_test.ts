/**
 * Stock holds under load and over time: exactly as many holds as seats however many
 * requests race (the point of running on real Postgres, MARQUEE_TEST_POSTGRES_URL; PGlite
 * serializes connections), idempotent hold ids, expiry that returns stock and is swept into
 * an `inventory.released` event, and the internal token.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createLocalBlobStore } from "@marquee/blob";
import { loadConfig } from "@marquee/config";
import {
  InventoryCommitted,
  InventoryReleased,
  InventoryReserved,
  TOPICS,
} from "@marquee/contracts";
import { decodeData, Envelope } from "@marquee/events";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { eventually, type TestDatabase, testDatabase } from "@marquee/testing";
import { CATALOG_MIGRATIONS, createCatalogApp } from "../../services/catalog/app.ts";
import { CatalogEnv } from "../../services/catalog/config.ts";

const INTERNAL = "inventory-test-internal-token-0123456789";
const CREATOR = crypto.randomUUID();
const logger = createLogger({ service: "catalog", level: "error", sink: () => {} });
const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
const jwks = { keys: [{ ...await exportJWK(publicKey), kid: "k1", alg: "EdDSA", use: "sig" }] };
const creatorToken = await new SignJWT({ sub: CREATOR, roles: ["creator"] })
  .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
  .setIssuer("http://localhost:8000")
  .setAudience("marquee")
  .setIssuedAt()
  .setExpirationTime("10m")
  .sign(privateKey);

interface Call {
  status: number;
  res: Response;
  // deno-lint-ignore no-explicit-any
  body: any;
}

async function start() {
  const db = await testDatabase([CATALOG_MIGRATIONS]);
  const root = await Deno.makeTempDir({ prefix: "marquee-catalog-inventory-" });
  const secret = "inventory-test-blob-secret";
  const config = loadConfig(CatalogEnv, {
    SERVICE_NAME: "catalog",
    PORT: "0",
    INTERNAL_TOKEN: INTERNAL,
    BLOB_SIGNING_SECRET: secret,
    HOLD_MIN_TTL_SEC: "1",
    HOLD_SWEEP_INTERVAL_MS: "50",
  });
  const blobs = createLocalBlobStore({ root, secret, publicBaseUrl: "http://127.0.0.1:1/blobs" });
  const built = await createCatalogApp({
    sql: db.sql,
    config,
    logger,
    registry: new Registry(),
    jwks,
    blobs,
  });
  const call = async (
    method: string,
    path: string,
    options: { json?: unknown; token?: string | null; creator?: boolean } = {},
  ) => {
    const headers = new Headers({ "content-type": "application/json" });
    if (options.creator) headers.set("authorization", `Bearer ${creatorToken}`);
    else if (options.token !== null) headers.set("x-internal-token", options.token ?? INTERNAL);
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const res = await built.app.request(path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, res, body: text ? JSON.parse(text) : undefined } as Call;
  };
  /** A published product made through the API. */
  const product = async (fields: Record<string, unknown>, keys?: string[]) => {
    const created = await call("POST", "/api/products", {
      creator: true,
      json: {
        title: "Live show",
        price: { amount: 1000, currency: "EUR" },
        // A ticket goes on sale with its event.
        ...(fields.type === "live_ticket"
          ? { event: { localStart: "2030-05-01T18:00", timeZone: "Europe/Paris" } }
          : {}),
        ...fields,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id: string = created.body.id;
    if (keys) {
      await call("POST", `/api/products/${id}/licence-keys`, { creator: true, json: { keys } });
    }
    const published = await call("POST", `/api/products/${id}/publish`, { creator: true });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    return id;
  };
  const available = async (id: string) =>
    (await call("GET", `/api/products/${id}`, { token: null })).body.available;
  const hold = (productId: string, extra: Record<string, unknown> = {}) =>
    call("POST", "/api/inventory/holds", {
      json: { productId, quantity: 1, holdId: crypto.randomUUID(), ...extra },
    });
  return {
    sql: db.sql,
    kind: db.kind,
    call,
    product,
    available,
    hold,
    async [Symbol.asyncDispose]() {
      await built.close();
      await db[Symbol.asyncDispose]();
      await Deno.remove(root, { recursive: true });
    },
  };
}

async function events(sql: TestDatabase["sql"], type: string) {
  const rows = await sql<{ topic: string; key: string; envelope: unknown }[]>`
    select topic, key, envelope from outbox where type = ${type} order by seq`;
  return rows.map((r) => ({ ...r, envelope: Envelope.parse(r.envelope) }));
}

Deno.test("fifty concurrent holds on ten seats: exactly ten succeed", async () => {
  await using s = await start();
  const ticket = await s.product({ type: "live_ticket", capacity: 10 });
  const results = await Promise.all(Array.from({ length: 50 }, () => s.hold(ticket)));
  const won = results.filter((r) => r.status === 201);
  const lost = results.filter((r) => r.status === 409);
  assert.equal(won.length, 10, `on ${s.kind}`);
  assert.equal(lost.length, 40);
  for (const r of lost) {
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
    assert.equal(r.body.detail, "Only 0 left");
  }
  assert.equal(await s.available(ticket), 0);
  const [row] = await s.sql<{ n: number }[]>`
    select coalesce(sum(quantity), 0)::int as n from holds where product_id = ${ticket}`;
  assert.equal(row!.n, 10);
  const reserved = await events(s.sql, "inventory.reserved");
  assert.equal(reserved.length, 10);
  for (const e of reserved) {
    assert.equal(e.topic, TOPICS.catalogInventory);
    assert.equal(e.key, ticket);
    assert.equal(decodeData(InventoryReserved, e.envelope).quantity, 1);
  }
  assert.deepEqual(
    reserved.map((e) => decodeData(InventoryReserved, e.envelope).available).sort((a, b) =>
      a! - b!
    ),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
});

Deno.test("holds: idempotent ids, commit, release, and what is left", async (t) => {
  await using s = await start();
  const ticket = await s.product({ type: "live_ticket", capacity: 5 });
  const holdId = crypto.randomUUID();

  await t.step("the same hold id returns the same hold, once", async () => {
    const first = await s.hold(ticket, { holdId, quantity: 2, ttlSec: 600 });
    assert.equal(first.status, 201);
    assert.equal(first.body.id, holdId);
    assert.equal(first.body.status, "held");
    assert.equal(first.body.quantity, 2);
    const again = await s.hold(ticket, { holdId, quantity: 2, ttlSec: 600 });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    assert.equal(await s.available(ticket), 3);
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => s.hold(ticket, { holdId, quantity: 2 })),
    );
    assert.deepEqual(racing.map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.equal(await s.available(ticket), 3);
    const other = await s.hold(ticket, { holdId, quantity: 3 });
    assert.equal(other.status, 409);
    assert.equal((await events(s.sql, "inventory.reserved")).length, 1);
  });

  await t.step("more than is left is a 409 saying how many are", async () => {
    const r = await s.hold(ticket, { quantity: 4 });
    assert.equal(r.status, 409);
    assert.equal(r.body.detail, "Only 3 left");
  });

  await t.step("commit sells the hold; again is harmless; release cannot undo it", async () => {
    const r = await s.call("POST", `/api/inventory/holds/${holdId}/commit`);
    assert.equal(r.status, 200);
    assert.equal(r.body.status, "committed");
    assert.equal((await s.call("POST", `/api/inventory/holds/${holdId}/commit`)).status, 200);
    const [event] = await events(s.sql, "inventory.committed");
    const data = decodeData(InventoryCommitted, event!.envelope);
    assert.deepEqual(data, { holdId, productId: ticket, quantity: 2, available: 3 });
    assert.equal((await events(s.sql, "inventory.committed")).length, 1);
    const release = await s.call("POST", `/api/inventory/holds/${holdId}/release`);
    assert.equal(release.status, 409);
    assert.equal(await s.available(ticket), 3);
  });

  await t.step(
    "release gives units back, idempotently; a released hold cannot commit",
    async () => {
      const h = await s.hold(ticket, { quantity: 3 });
      assert.equal(await s.available(ticket), 0);
      const r = await s.call("POST", `/api/inventory/holds/${h.body.id}/release`);
      assert.equal(r.status, 200);
      assert.equal(r.body.status, "released");
      assert.equal((await s.call("POST", `/api/inventory/holds/${h.body.id}/release`)).status, 200);
      assert.equal(await s.available(ticket), 3);
      const released = await events(s.sql, "inventory.released");
      assert.equal(released.length, 1);
      assert.equal(decodeData(InventoryReleased, released[0]!.envelope).reason, "released");
      const commit = await s.call("POST", `/api/inventory/holds/${h.body.id}/commit`);
      assert.equal(commit.status, 409);
      assert.equal(commit.body.detail, "Hold was released");
    },
  );

  await t.step("bad requests are 404 and 422 problems", async () => {
    const missing = crypto.randomUUID();
    assert.equal((await s.call("POST", `/api/inventory/holds/${missing}/commit`)).status, 404);
    assert.equal((await s.hold(crypto.randomUUID())).status, 404);
    const bad = await s.call("POST", "/api/inventory/holds", {
      json: { productId: ticket, quantity: 0, holdId: "nope", ttlSec: 7200 },
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(
      bad.body.errors.map((e: { field: string }) => e.field).sort(),
      ["body.holdId", "body.quantity", "body.ttlSec"],
    );
    assert.equal((await s.call("POST", "/api/inventory/holds/nope/commit")).status, 422);
  });

  await t.step("a draft is not on sale; unlimited products always hold", async () => {
    const draft = await s.call("POST", "/api/products", {
      creator: true,
      json: { type: "asset", title: "Draft", price: { amount: 1, currency: "EUR" } },
    });
    const r = await s.hold(draft.body.id);
    assert.equal(r.status, 409);
    assert.equal(r.body.detail, `Product "${draft.body.id}" is not on sale`);
    const asset = await s.product({ type: "asset", title: "Brushes" });
    const big = await s.hold(asset, { quantity: 1000 });
    assert.equal(big.status, 201);
    assert.equal(await s.available(asset), null);
  });
});

Deno.test("licence keys: the pool limits holds and commits hand keys out", async () => {
  await using s = await start();
  const app = await s.product({ type: "software", title: "Editor" }, ["K-1", "K-2", "K-3"]);
  const first = await s.hold(app, { quantity: 2 });
  assert.equal(first.status, 201);
  const second = await s.hold(app, { quantity: 2 });
  assert.equal(second.status, 409);
  assert.equal(second.body.detail, "Only 1 left");
  const committed = await s.call("POST", `/api/inventory/holds/${first.body.id}/commit`);
  assert.deepEqual(committed.body.licenceKeys, ["K-1", "K-2"], "the commit answers with the keys");
  const again = await s.call("POST", `/api/inventory/holds/${first.body.id}/commit`);
  assert.deepEqual(again.body.licenceKeys, ["K-1", "K-2"], "a retried commit answers the same");
  const handed = await s.sql<{ key: string }[]>`
    select key from licence_keys where hold_id = ${first.body.id} order by id`;
  assert.deepEqual(handed.map((k) => k.key), ["K-1", "K-2"]);
  assert.equal(await s.available(app), 1);
  const more = await s.call("POST", `/api/products/${app}/licence-keys`, {
    creator: true,
    json: { keys: ["K-4"] },
  });
  assert.deepEqual(more.body, { added: 1, duplicates: 0, total: 4, unassigned: 2, available: 2 });
});

Deno.test("expired holds return stock, cannot commit, and are swept into events", async () => {
  await using s = await start();
  const ticket = await s.product({ type: "live_ticket", capacity: 2 });
  const h = await s.hold(ticket, { quantity: 2, ttlSec: 600 });
  assert.equal(h.status, 201);
  assert.equal(await s.available(ticket), 0);
  assert.equal((await s.hold(ticket)).status, 409);

  await s.sql`update holds set expires_at = now() - interval '1 second' where id = ${h.body.id}`;
  assert.equal(await s.available(ticket), 2, "stock is back before any sweep");
  const commit = await s.call("POST", `/api/inventory/holds/${h.body.id}/commit`);
  assert.equal(commit.status, 409);
  assert.equal(commit.body.detail, "Hold has expired");

  await eventually(
    async () => (await events(s.sql, "inventory.released")).length === 1,
    10_000,
    "the sweeper's event",
  );
  const [event] = await events(s.sql, "inventory.released");
  assert.equal(event!.key, ticket);
  assert.deepEqual(decodeData(InventoryReleased, event!.envelope), {
    holdId: h.body.id,
    productId: ticket,
    quantity: 2,
    available: 2,
    reason: "expired",
  });
  const [row] = await s.sql<{ status: string }[]>`select status from holds where id = ${h.body.id}`;
  assert.equal(row!.status, "expired");
  const replay = await s.hold(ticket, { holdId: h.body.id, quantity: 2 });
  assert.equal(replay.status, 200);
  assert.equal(replay.body.status, "expired");
  const release = await s.call("POST", `/api/inventory/holds/${h.body.id}/release`);
  assert.equal(release.status, 200, "releasing an expired hold changes nothing");
  assert.equal((await events(s.sql, "inventory.released")).length, 1);

  const short = await s.hold(ticket, { ttlSec: 1 });
  assert.equal(short.status, 201);
  await eventually(
    async () => (await events(s.sql, "inventory.released")).length === 2,
    10_000,
    "a one-second hold to lapse and be swept",
  );
  assert.equal(await s.available(ticket), 2);
});

Deno.test("inventory needs the internal token", async () => {
  await using s = await start();
  const ticket = await s.product({ type: "live_ticket", capacity: 1 });
  for (const token of [null, "", "wrong-token-of-plenty-of-characters", `${INTERNAL}x`]) {
    const r = await s.call("POST", "/api/inventory/holds", {
      token,
      json: { productId: ticket, quantity: 1, holdId: crypto.randomUUID() },
    });
    assert.equal(r.status, 401, String(token));
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
    assert.equal(r.body.detail, "Internal token is missing or wrong");
  }
  const creator = await s.call("POST", "/api/inventory/holds", {
    creator: true,
    json: { productId: ticket, quantity: 1, holdId: crypto.randomUUID() },
  });
  assert.equal(creator.status, 401, "a user's token is not the internal token");
  assert.equal(await s.available(ticket), 1);
  const release = await s.call("POST", `/api/inventory/holds/${crypto.randomUUID()}/release`, {
    token: null,
  });
  assert.equal(release.status, 401);
});
