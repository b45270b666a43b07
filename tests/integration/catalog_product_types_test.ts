/**
 * Product types through the catalog API: a live ticket's event (set as a wall-clock time in
 * its own zone, shown as an instant and back), a membership's period and perks, what each
 * needs to publish, unpublishing back to draft, and the events carrying it all.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createLocalBlobStore } from "@marquee/blob";
import { loadConfig } from "@marquee/config";
import { ProductPublished, ProductUnpublished, ProductUpdated } from "@marquee/contracts";
import { decodeData, Envelope } from "@marquee/events";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { testDatabase } from "@marquee/testing";
import { CATALOG_MIGRATIONS, createCatalogApp } from "../../services/catalog/app.ts";
import { CatalogEnv } from "../../services/catalog/config.ts";
import { MAX_AMOUNT } from "../../services/catalog/routes/_schemas.ts";
import { MAX_PRICE_AMOUNT } from "../../islands/_lib/catalog_types.ts";

const ISSUER = "http://localhost:8000";
const SECRET = "catalog-types-test-secret-0123";
const CREATOR = crypto.randomUUID();
const logger = createLogger({ service: "catalog", level: "error", sink: () => {} });
const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
const jwks = { keys: [{ ...await exportJWK(publicKey), kid: "k1", alg: "EdDSA", use: "sig" }] };
const TOKEN = await new SignJWT({ sub: CREATOR, roles: ["buyer", "creator"] })
  .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
  .setIssuer(ISSUER)
  .setAudience("marquee")
  .setIssuedAt()
  .setExpirationTime("10m")
  .sign(privateKey);

async function start() {
  const db = await testDatabase([CATALOG_MIGRATIONS]);
  const root = await Deno.makeTempDir({ prefix: "marquee-catalog-types-" });
  const blobs = createLocalBlobStore({ root, secret: SECRET, publicBaseUrl: "/blobs" });
  const config = loadConfig(CatalogEnv, {
    SERVICE_NAME: "catalog",
    PORT: "0",
    BLOB_SIGNING_SECRET: SECRET,
  });
  const built = await createCatalogApp({
    sql: db.sql,
    config,
    logger,
    registry: new Registry(),
    jwks,
    blobs,
  });
  const api = async (
    method: string,
    path: string,
    json?: unknown,
    signedIn = true,
    // deno-lint-ignore no-explicit-any
  ): Promise<{ status: number; body: any }> => {
    const headers = new Headers();
    if (signedIn) headers.set("authorization", `Bearer ${TOKEN}`);
    if (json !== undefined) headers.set("content-type", "application/json");
    const res = await built.app.request(path, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const outbox = async (type: string) => {
    const rows = await db.sql<{ envelope: unknown }[]>`select envelope from outbox
      where type = ${type} order by seq`;
    return rows.map((r) => Envelope.parse(r.envelope));
  };
  return {
    api,
    outbox,
    async [Symbol.asyncDispose]() {
      await built.close();
      await Deno.remove(root, { recursive: true });
      await db[Symbol.asyncDispose]();
    },
  };
}

const TICKET = {
  type: "live_ticket",
  title: "Mixing live: a Q&A",
  price: { amount: 1500, currency: "USD" },
  capacity: 40,
};
const MEMBERSHIP = {
  type: "membership",
  title: "Sample club",
  price: { amount: 900, currency: "USD" },
};
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

Deno.test("a live ticket's event: set in its own zone, shown as an instant, needed to publish", async (t) => {
  await using s = await start();
  let id = "";

  await t.step("a ticket without an event is refused publishing, naming the event", async () => {
    const created = await s.api("POST", "/api/products", TICKET);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.event, null);
    id = created.body.id;
    const refused = await s.api("POST", `/api/products/${id}/publish`);
    assert.equal(refused.status, 409);
    assert.deepEqual(fields(refused.body), ["event"]);
  });

  await t.step("the wall-clock start is read in the event's zone", async () => {
    const event = {
      localStart: "2027-07-04T20:30",
      timeZone: "America/New_York",
      durationMinutes: 90,
    };
    const r = await s.api("PATCH", `/api/products/${id}`, { event });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.event, {
      startsAt: "2027-07-05T00:30:00.000Z",
      localStart: "2027-07-04T20:30",
      timeZone: "America/New_York",
      durationMinutes: 90,
    });
    const [updated] = (await s.outbox("product.updated")).map((e) => decodeData(ProductUpdated, e));
    assert.deepEqual(updated?.changed, ["event"]);
    assert.equal(updated?.event?.startsAt, "2027-07-05T00:30:00.000Z");
  });

  await t.step("it publishes, and product.published carries the event", async () => {
    const r = await s.api("POST", `/api/products/${id}/publish`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [published] = await s.outbox("product.published");
    const data = decodeData(ProductPublished, published!);
    assert.equal(data.event?.timeZone, "America/New_York");
    const shown = await s.api("GET", `/api/products/${id}`, undefined, false);
    assert.equal(shown.body.event.startsAt, "2027-07-05T00:30:00.000Z");
  });

  await t.step("bad zones, dates and misplaced fields get a 422 naming the field", async () => {
    const zone = await s.api("PATCH", `/api/products/${id}`, {
      event: { localStart: "2027-07-04T20:30", timeZone: "Mars/Olympus" },
    });
    assert.equal(zone.status, 422);
    assert.deepEqual(fields(zone.body), ["body.event.timeZone"]);
    const date = await s.api("PATCH", `/api/products/${id}`, {
      event: { localStart: "2027-02-30T20:30", timeZone: "UTC" },
    });
    assert.equal(date.status, 422);
    assert.deepEqual(fields(date.body), ["body.event.localStart"]);
    const shape = await s.api("PATCH", `/api/products/${id}`, {
      event: { localStart: "tomorrow", timeZone: "UTC" },
    });
    assert.equal(shape.status, 422);
    assert.ok(
      fields(shape.body).every((f) => f.startsWith("body.event")),
      JSON.stringify(shape.body),
    );
    const misplaced = await s.api("PATCH", `/api/products/${id}`, {
      membership: { period: "month", perks: [] },
    });
    assert.equal(misplaced.status, 422);
    assert.deepEqual(fields(misplaced.body), ["body.membership"]);
  });

  await t.step("a published ticket keeps its event: removing it is refused", async () => {
    const r = await s.api("PATCH", `/api/products/${id}`, { event: null });
    assert.equal(r.status, 409);
    assert.deepEqual(fields(r.body), ["event"]);
  });

  await t.step("a ticket whose event has passed cannot go on sale", async () => {
    const past = await s.api("POST", "/api/products", {
      ...TICKET,
      title: "Yesterday's show",
      event: { localStart: "2020-01-01T19:00", timeZone: "Europe/London" },
    });
    assert.equal(past.status, 201);
    const r = await s.api("POST", `/api/products/${past.body.id}/publish`);
    assert.equal(r.status, 409);
    assert.deepEqual(fields(r.body), ["event.localStart"]);
  });
});

Deno.test("a membership's period and perks; unpublish takes a product back to draft", async (t) => {
  await using s = await start();
  let id = "";

  await t.step("a membership needs a period to publish", async () => {
    const created = await s.api("POST", "/api/products", MEMBERSHIP);
    assert.equal(created.status, 201);
    id = created.body.id;
    const refused = await s.api("POST", `/api/products/${id}/publish`);
    assert.equal(refused.status, 409);
    assert.deepEqual(fields(refused.body), ["membership"]);
  });

  await t.step("period and perks are kept, trimmed, and publish", async () => {
    const membership = { period: "year", perks: [" Monthly sample pack ", "Discord access"] };
    const r = await s.api("PATCH", `/api/products/${id}`, { membership });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.membership, {
      period: "year",
      perks: ["Monthly sample pack", "Discord access"],
    });
    assert.equal((await s.api("POST", `/api/products/${id}/publish`)).status, 200);
    const bad = await s.api("PATCH", `/api/products/${id}`, {
      membership: { period: "week", perks: [] },
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(fields(bad.body), ["body.membership.period"]);
  });

  await t.step("unpublish: back to draft, hidden from the store, announced", async () => {
    const r = await s.api("POST", `/api/products/${id}/unpublish`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, "draft");
    assert.equal((await s.api("GET", `/api/products/${id}`, undefined, false)).status, 404);
    const [event] = await s.outbox("product.unpublished");
    assert.equal(decodeData(ProductUnpublished, event!).status, "draft");
    const again = await s.api("POST", `/api/products/${id}/unpublish`);
    assert.equal(again.status, 200);
    assert.equal((await s.outbox("product.unpublished")).length, 1);
  });

  await t.step("an archived product cannot be unpublished", async () => {
    assert.equal((await s.api("POST", `/api/products/${id}/archive`)).status, 200);
    const r = await s.api("POST", `/api/products/${id}/unpublish`);
    assert.equal(r.status, 409);
  });
});

Deno.test("the editor bounds prices where the catalog does", () => {
  assert.equal(MAX_PRICE_AMOUNT, MAX_AMOUNT);
});
