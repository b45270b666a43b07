/**
 * The catalog service's HTTP API end to end: `createCatalogApp` on a fresh database (real
 * Postgres when MARQUEE_TEST_POSTGRES_URL is set, PGlite otherwise), a local-disk blob
 * store served over real HTTP, tokens signed by a key set made here, and the creators
 * projection fed through an in-process bus.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { Hono } from "hono";
import {
  type BlobStore,
  createLocalBlobStore,
  createS3BlobStore,
  localBlobRoutes,
} from "@marquee/blob";
import { DEV_INTERNAL_TOKEN, loadConfig } from "@marquee/config";
import {
  ProductArchived,
  ProductCreated,
  ProductPublished,
  ProductUpdated,
  TOPICS,
  UserRegistered,
  UserUpdated,
} from "@marquee/contracts";
import {
  createEvent,
  createMemoryBus,
  deadLetterTopic,
  decodeData,
  Envelope,
  startConsumer,
} from "@marquee/events";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { eventually, type TestDatabase, testDatabase } from "@marquee/testing";
import { CATALOG_MIGRATIONS, createCatalogApp } from "../../services/catalog/app.ts";
import { CatalogEnv } from "../../services/catalog/config.ts";
import { creatorsConsumer } from "../../services/catalog/events/incoming.ts";
import { startUploadSweeper } from "../../services/catalog/jobs/upload_sweeper.ts";

const ISSUER = "http://localhost:8000";
const SECRET = "catalog-test-blob-secret-0123";
const A = crypto.randomUUID();
const B = crypto.randomUUID();
const BUYER = crypto.randomUUID();
const ADMIN = crypto.randomUUID();

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
  a: await token(A, ["buyer", "creator"]),
  b: await token(B, ["buyer", "creator"]),
  buyer: await token(BUYER, ["buyer"]),
  admin: await token(ADMIN, ["admin"]),
};
type Who = keyof typeof TOKENS | "anonymous";

interface Call {
  status: number;
  res: Response;
  // deno-lint-ignore no-explicit-any
  body: any;
}

/** A blob store for the app: local disk served over real HTTP, or S3 in a fresh bucket. */
async function openBlobs(
  kind: "local" | "s3",
): Promise<{ store: BlobStore; close(): Promise<void> }> {
  if (kind === "s3") {
    const store = createS3BlobStore({
      endpoint: Deno.env.get("MARQUEE_TEST_S3_ENDPOINT")!,
      region: "us-east-1",
      accessKeyId: Deno.env.get("MARQUEE_TEST_S3_ACCESS_KEY") ?? "marquee",
      secretAccessKey: Deno.env.get("MARQUEE_TEST_S3_SECRET_KEY") ?? "marquee-secret",
      bucket: `test-catalog-${crypto.randomUUID().slice(0, 8)}`,
    });
    await store.ensureBucket();
    return {
      store,
      async close() {
        await store.removeBucket();
        await store.close();
      },
    };
  }
  const root = await Deno.makeTempDir({ prefix: "marquee-catalog-blobs-" });
  const blobApp = new Hono();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, blobApp.fetch);
  const store = createLocalBlobStore({
    root,
    secret: SECRET,
    publicBaseUrl: `http://127.0.0.1:${server.addr.port}/blobs`,
  });
  blobApp.route("/blobs", localBlobRoutes({ store, secret: SECRET, maxBytes: 10 << 20 }));
  return {
    store,
    async close() {
      await server.shutdown();
      await Deno.remove(root, { recursive: true });
    },
  };
}

/** The blob stores this run can test against: local always, S3 when a server is named. */
const BLOB_KINDS: Array<"local" | "s3"> = Deno.env.get("MARQUEE_TEST_S3_ENDPOINT")
  ? ["local", "s3"]
  : ["local"];

/** A fresh database, app and blob store; disposing stops them all. */
async function start(options: { blob?: "local" | "s3" } = {}) {
  const db = await testDatabase([CATALOG_MIGRATIONS]);
  const blobs = await openBlobs(options.blob ?? "local");
  const store = blobs.store;
  const config = loadConfig(CatalogEnv, {
    SERVICE_NAME: "catalog",
    PORT: "0",
    BLOB_SIGNING_SECRET: SECRET,
    BODY_LIMIT_BYTES: "262144",
  });
  const built = await createCatalogApp({
    sql: db.sql,
    config,
    logger,
    registry: new Registry(),
    jwks,
    blobs: store,
  });
  const api = async (
    method: string,
    path: string,
    options: { as?: Who; json?: unknown; headers?: HeadersInit } = {},
  ) => {
    const headers = new Headers(options.headers);
    const as = options.as ?? "anonymous";
    if (as !== "anonymous") headers.set("authorization", `Bearer ${TOKENS[as]}`);
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers.set("content-type", "application/json");
    }
    const res = await built.app.request(path, { method, headers, body, redirect: "manual" });
    const text = await res.text();
    return { status: res.status, res, body: text ? JSON.parse(text) : undefined } as Call;
  };
  return {
    db,
    sql: db.sql,
    api,
    store,
    async [Symbol.asyncDispose]() {
      await built.close();
      await blobs.close();
      await db[Symbol.asyncDispose]();
    },
  };
}
type Api = Awaited<ReturnType<typeof start>>["api"];

async function outbox(sql: TestDatabase["sql"], type?: string) {
  const rows = await sql<{ topic: string; key: string; type: string; envelope: unknown }[]>`
    select topic, key, type, envelope from outbox order by seq`;
  return rows.filter((r) => !type || r.type === type).map((r) => ({
    ...r,
    envelope: Envelope.parse(r.envelope),
  }));
}

async function outboxCount(sql: TestDatabase["sql"]): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from outbox`;
  return row!.n;
}

const PRODUCT = {
  type: "course",
  title: "Intro to TypeScript",
  description: "Learn **types** from scratch.",
  price: { amount: 4900, currency: "EUR" },
  category: "programming",
  tags: ["TypeScript", "beginner"],
};

async function create(api: Api, as: Who, extra: Record<string, unknown> = {}) {
  const r = await api("POST", "/api/products", { as, json: { ...PRODUCT, ...extra } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/** Announces a file of product `id`; the answer holds the upload and the record. */
async function announce(api: Api, id: string, name: string, size: number, contentType: string) {
  const r = await api("POST", `/api/products/${id}/files`, {
    as: "a",
    json: { name, size, contentType },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r;
}

/** PUTs `bytes` as the browser does, through a presigned upload. */
async function put(
  upload: { url: string; headers: Record<string, string> },
  bytes: Uint8Array<ArrayBuffer>,
) {
  const res = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
  await res.body?.cancel();
  assert.equal(res.status, 200);
}

function confirm(api: Api, id: string, fileId: string, as: Who = "a") {
  return api("POST", `/api/products/${id}/files/${fileId}/confirm`, { as });
}

async function publish(api: Api, as: Who, id: string) {
  const r = await api("POST", `/api/products/${id}/publish`, { as });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

const fields = (r: Call) => (r.body.errors as { field: string }[]).map((e) => e.field).sort();

Deno.test("products: create, ownership, visibility, events", async (t) => {
  await using s = await start();
  const { api, sql } = s;
  let course: { id: string; slug: string };

  await t.step("a creator creates a draft; product.created is in the outbox", async () => {
    const r = await api("POST", "/api/products", { as: "a", json: PRODUCT });
    assert.equal(r.status, 201);
    course = r.body;
    assert.equal(r.body.slug, "intro-to-typescript");
    assert.equal(r.body.status, "draft");
    assert.equal(r.body.creatorId, A);
    assert.deepEqual(r.body.price, { amount: 4900, currency: "EUR" });
    assert.deepEqual(r.body.tags, ["typescript", "beginner"]);
    assert.equal(r.body.descriptionHtml, "<p>Learn <strong>types</strong> from scratch.</p>\n");
    assert.equal(r.body.available, null);
    assert.equal(r.body.coverUrl, null);
    assert.equal(r.body.publishedAt, null);
    const [event] = await outbox(sql, "product.created");
    assert.ok(event);
    assert.equal(event.topic, TOPICS.catalogProducts);
    assert.equal(event.key, course.id);
    assert.equal(event.envelope.source, "/marquee/catalog");
    assert.equal(event.envelope.subject, course.id);
    const data = decodeData(ProductCreated, event.envelope);
    assert.equal(data.slug, "intro-to-typescript");
    assert.equal(data.status, "draft");
    assert.equal(data.creatorId, A);
    assert.equal(data.type, "course");
  });

  await t.step("the same title gets a suffixed slug; a chosen taken slug is a 409", async () => {
    const second = await create(api, "b");
    assert.equal(second.slug, "intro-to-typescript-2");
    const before = await outboxCount(sql);
    const taken = await api("POST", "/api/products", {
      as: "b",
      json: { ...PRODUCT, slug: "intro-to-typescript" },
    });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.detail, 'Slug "intro-to-typescript" is taken');
    assert.equal(await outboxCount(sql), before, "a refused change writes no event");
    const none = await api("GET", "/api/products?mine=true", { as: "b" });
    assert.equal(none.body.items.length, 1, "and no row");
  });

  await t.step("buyers cannot create (403), anonymous callers are 401", async () => {
    assert.equal((await api("POST", "/api/products", { as: "buyer", json: PRODUCT })).status, 403);
    assert.equal((await api("POST", "/api/products", { json: PRODUCT })).status, 401);
  });

  await t.step("bad fields are 422 naming each field", async () => {
    const r = await api("POST", "/api/products", {
      as: "a",
      json: {
        type: "ebook",
        title: "x".repeat(141),
        price: { amount: -1, currency: "eur" },
        tags: Array.from({ length: 11 }, (_, i) => `t${i}`),
      },
    });
    assert.equal(r.status, 422);
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
    assert.deepEqual(fields(r), [
      "body.price.amount",
      "body.price.currency",
      "body.tags",
      "body.title",
      "body.type",
    ]);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ price: { amount: 100, currency: "XYZ" } }, "body.price.currency"],
      [{ price: { amount: 1.5, currency: "EUR" } }, "body.price.amount"],
      [{ tags: ["x".repeat(33)] }, "body.tags.0"],
      [{ title: "   " }, "body.title"],
      [{ type: "asset", capacity: 10 }, "body.capacity"],
      [{ category: "Not A Slug" }, "body.category"],
      [{ slug: "8f14e45f-ceea-4e7a-9d6c-2f0c1e9a2b3c" }, "body.slug"],
      [{ description: "x".repeat(20_001) }, "body.description"],
    ];
    for (const [extra, field] of cases) {
      const bad = await api("POST", "/api/products", { as: "a", json: { ...PRODUCT, ...extra } });
      assert.equal(bad.status, 422, JSON.stringify(extra));
      assert.deepEqual(fields(bad), [field]);
    }
    const unknown = await api("POST", "/api/products", {
      as: "a",
      json: { ...PRODUCT, status: "published" },
    });
    assert.equal(unknown.status, 422);
  });

  await t.step("another creator's product is a 404 for every change", async () => {
    const id = course.id;
    const patch = await api("PATCH", `/api/products/${id}`, { as: "b", json: { title: "Mine" } });
    assert.equal(patch.status, 404);
    assert.equal(patch.body.detail, `No product "${id}"`);
    assert.equal((await api("POST", `/api/products/${id}/publish`, { as: "b" })).status, 404);
    assert.equal((await api("POST", `/api/products/${id}/archive`, { as: "b" })).status, 404);
    const keys = await api("POST", `/api/products/${id}/licence-keys`, {
      as: "b",
      json: { keys: ["K"] },
    });
    assert.equal(keys.status, 404);
    const cover = await api("POST", `/api/products/${id}/cover-upload`, {
      as: "b",
      json: { contentType: "image/png", size: 10 },
    });
    assert.equal(cover.status, 404);
    const missing = crypto.randomUUID();
    const absent = await api("PATCH", `/api/products/${missing}`, { as: "a", json: {} });
    assert.equal(absent.status, 404);
    assert.equal(absent.body.detail, `No product "${missing}"`, "same answer as for B");
  });

  await t.step("drafts are visible to their creator and admins only", async () => {
    for (const as of ["anonymous", "buyer", "b"] as const) {
      assert.equal((await api("GET", `/api/products/${course.id}`, { as })).status, 404, as);
      assert.equal((await api("GET", `/api/products/${course.slug}`, { as })).status, 404, as);
    }
    const own = await api("GET", `/api/products/${course.id}`, { as: "a" });
    assert.equal(own.status, 200);
    assert.equal(own.res.headers.get("cache-control"), "private, no-store");
    assert.equal((await api("GET", `/api/products/${course.slug}`, { as: "admin" })).status, 200);
    const list = await api("GET", "/api/products");
    assert.deepEqual(list.body.items, []);
  });

  await t.step("the owner edits; product.updated names the fields and the old slug", async () => {
    const r = await api("PATCH", `/api/products/${course.id}`, {
      as: "a",
      json: {
        title: "TypeScript from zero",
        slug: "typescript-from-zero",
        price: { amount: 3900, currency: "EUR" },
      },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.title, "TypeScript from zero");
    assert.equal(r.body.slug, "typescript-from-zero");
    const [event] = (await outbox(sql, "product.updated")).slice(-1);
    const data = decodeData(ProductUpdated, event!.envelope);
    assert.deepEqual(data.changed.sort(), ["price", "slug", "title"]);
    assert.equal(data.previousSlug, "intro-to-typescript");
    assert.deepEqual(data.price, { amount: 3900, currency: "EUR" });
    const before = await outboxCount(sql);
    const same = await api("PATCH", `/api/products/${course.id}`, {
      as: "a",
      json: { title: "TypeScript from zero" },
    });
    assert.equal(same.status, 200);
    assert.equal(await outboxCount(sql), before, "no change, no event");
    const taken = await api("PATCH", `/api/products/${course.id}`, {
      as: "a",
      json: { slug: "intro-to-typescript-2", title: "Changed too" },
    });
    assert.equal(taken.status, 409);
    assert.equal(await outboxCount(sql), before, "a 409 writes no event");
    const kept = await api("GET", `/api/products/${course.id}`, { as: "a" });
    assert.equal(kept.body.title, "TypeScript from zero", "nor any field");
    const bad = await api("PATCH", `/api/products/${course.id}`, {
      as: "a",
      json: { price: { amount: -5, currency: "usd" }, type: "asset" },
    });
    assert.equal(bad.status, 422);
  });

  await t.step("publishing makes it public by id and slug; product.published", async () => {
    const r = await publish(api, "a", course.id);
    assert.equal(r.status, "published");
    assert.ok(r.publishedAt);
    const data = decodeData(
      ProductPublished,
      (await outbox(sql, "product.published"))[0]!.envelope,
    );
    assert.equal(data.productId, course.id);
    assert.equal(data.status, "published");
    const bySlug = await api("GET", "/api/products/typescript-from-zero");
    assert.equal(bySlug.status, 200);
    assert.equal(bySlug.body.id, course.id);
    assert.equal((await api("GET", "/api/products/no-such-slug")).status, 404);
    assert.equal((await api("GET", "/api/products/Not%20a%20slug")).status, 404);
    const before = await outboxCount(sql);
    await publish(api, "a", course.id);
    assert.equal(await outboxCount(sql), before, "publishing again changes nothing");
  });

  await t.step("a buyer cannot archive (403); an admin archives anyone's product", async () => {
    assert.equal(
      (await api("POST", `/api/products/${course.id}/archive`, { as: "buyer" })).status,
      403,
    );
    const r = await api("POST", `/api/products/${course.id}/archive`, { as: "admin" });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, "archived");
    const data = decodeData(ProductArchived, (await outbox(sql, "product.archived"))[0]!.envelope);
    assert.equal(data.archivedBy, ADMIN);
    assert.equal(data.creatorId, A);
    assert.equal((await api("GET", `/api/products/${course.id}`)).status, 404);
    const edit = await api("PATCH", `/api/products/${course.id}`, {
      as: "a",
      json: { title: "X" },
    });
    assert.equal(edit.status, 409);
    const again = await api("POST", `/api/products/${course.id}/publish`, { as: "a" });
    assert.equal(again.status, 409);
  });

  await t.step("every outbox row is a valid envelope keyed by its product", async () => {
    for (const row of await outbox(sql)) {
      assert.equal(row.topic, TOPICS.catalogProducts);
      assert.equal(row.key, row.envelope.subject);
      assert.equal(row.envelope.specversion, "1.0");
      assert.equal(row.envelope.dataversion, 1);
    }
  });
});

Deno.test("publishing rules, licence keys and files", async (t) => {
  await using s = await start();
  const { api, sql } = s;
  const software = await create(api, "a", { type: "software", title: "Pixel Tool" });

  await t.step(
    "software without keys or files cannot publish: 409 naming it, no event",
    async () => {
      const before = await outboxCount(sql);
      const r = await api("POST", `/api/products/${software.id}/publish`, { as: "a" });
      assert.equal(r.status, 409);
      assert.deepEqual(fields(r), ["licenceKeys"]);
      assert.equal(await outboxCount(sql), before);
    },
  );

  await t.step("licence keys are deduplicated and only ever counted", async () => {
    const keys = ["AAAA-1111", "BBBB-2222", "AAAA-1111", "CCCC-3333"];
    const r = await api("POST", `/api/products/${software.id}/licence-keys`, {
      as: "a",
      json: { keys },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { added: 3, duplicates: 1, total: 3, unassigned: 3, available: 3 });
    const again = await api("POST", `/api/products/${software.id}/licence-keys`, {
      as: "a",
      json: { keys: ["BBBB-2222", "DDDD-4444"] },
    });
    assert.deepEqual(again.body, {
      added: 1,
      duplicates: 1,
      total: 4,
      unassigned: 4,
      available: 4,
    });
    const counted = await api("GET", `/api/products/${software.id}/licence-keys`, { as: "a" });
    assert.equal(counted.status, 200);
    assert.deepEqual(counted.body, { total: 4, unassigned: 4, available: 4 });
    assert.equal(
      (await api("GET", `/api/products/${software.id}/licence-keys`, { as: "b" })).status,
      404,
      "another creator's pool is not there",
    );
    const blank = await api("POST", `/api/products/${software.id}/licence-keys`, {
      as: "a",
      json: { keys: ["OK-1", " "] },
    });
    assert.equal(blank.status, 422);
    assert.deepEqual(fields(blank), ["body.keys.1"], "the bad key is named by its index");
    const tooMany = await api("POST", `/api/products/${software.id}/licence-keys`, {
      as: "a",
      json: { keys: Array.from({ length: 1001 }, (_, i) => `K${i}`) },
    });
    assert.equal(tooMany.status, 422);
    assert.deepEqual(fields(tooMany), ["body.keys"]);
    await publish(api, "a", software.id);
    const views = [
      await api("GET", `/api/products/${software.id}`),
      await api("GET", "/api/products"),
      await api("GET", `/api/creators/${A}`),
      await api("GET", "/api/products?mine=true", { as: "a" }),
    ];
    for (const view of views) {
      assert.equal(view.status, 200);
      const text = JSON.stringify(view.body);
      for (const key of keys) assert.ok(!text.includes(key), `key leaked in ${text}`);
    }
    assert.equal(views[0]!.body.licenceKeyCount, 4);
    assert.equal(views[0]!.body.available, 4);
    for (const row of await outbox(sql)) {
      for (const key of keys) assert.ok(!JSON.stringify(row.envelope).includes(key));
    }
  });

  await t.step("keys belong to software only", async () => {
    const course = await create(api, "a", { title: "Not software" });
    const r = await api("POST", `/api/products/${course.id}/licence-keys`, {
      as: "a",
      json: { keys: ["X"] },
    });
    assert.equal(r.status, 409);
    const counted = await api("GET", `/api/products/${course.id}/licence-keys`, { as: "a" });
    assert.equal(counted.status, 409);
  });

  await t.step("a live ticket needs a capacity, which is seats", async () => {
    const ticket = await create(api, "a", {
      type: "live_ticket",
      title: "Live Q&A",
      event: { localStart: "2030-05-01T18:00", timeZone: "Europe/Paris" },
    });
    const r = await api("POST", `/api/products/${ticket.id}/publish`, { as: "a" });
    assert.equal(r.status, 409);
    assert.deepEqual(fields(r), ["capacity"]);
    const patched = await api("PATCH", `/api/products/${ticket.id}`, {
      as: "a",
      json: { capacity: 25 },
    });
    assert.equal(patched.body.available, 25);
    await publish(api, "a", ticket.id);
    const unlimited = await api("PATCH", `/api/products/${ticket.id}`, {
      as: "a",
      json: { capacity: null },
    });
    assert.equal(unlimited.status, 409, "a published ticket keeps its capacity");
  });

  await t.step("files: listed only once the upload is confirmed; removal", async () => {
    const asset = await create(api, "a", { type: "software", title: "Files only" });
    const bytes = new TextEncoder().encode("a zip, as far as this test cares");
    const r = await announce(api, asset.id, "tool-1.0.zip", bytes.length, "application/zip");
    assert.equal(r.body.upload.method, "PUT");
    assert.match(r.body.key, new RegExp(`^products/${asset.id}/files/`));
    assert.equal(r.body.upload.headers["content-type"], "application/zip");
    assert.deepEqual((await api("GET", `/api/products/${asset.id}`, { as: "a" })).body.files, []);
    const early = await api("POST", `/api/products/${asset.id}/publish`, { as: "a" });
    assert.equal(early.status, 409, "an unconfirmed file does not make software sellable");
    await put(r.body.upload, bytes);
    const confirmed = await confirm(api, asset.id, r.body.file.id);
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.deepEqual(confirmed.body, r.body.file);
    const twice = await confirm(api, asset.id, r.body.file.id);
    assert.equal(twice.status, 200, "confirming again answers the same");
    await publish(api, "a", asset.id);
    const view = await api("GET", `/api/products/${asset.id}`);
    assert.deepEqual(view.body.files, [r.body.file]);
    assert.ok(!JSON.stringify(view.body).includes(r.body.key), "object keys stay private");
    const last = await api("DELETE", `/api/products/${asset.id}/files/${r.body.file.id}`, {
      as: "a",
    });
    assert.equal(last.status, 409, "the only file of published software stays");
    const tooBig = await api("POST", `/api/products/${asset.id}/files`, {
      as: "a",
      json: { name: "huge.bin", size: 2 * 1024 ** 3 + 1, contentType: "application/octet-stream" },
    });
    assert.equal(tooBig.status, 422);
    assert.deepEqual(fields(tooBig), ["body.size"]);
    const other = await announce(api, asset.id, "notes.pdf", 10, "application/pdf");
    const removed = await api("DELETE", `/api/products/${asset.id}/files/${other.body.file.id}`, {
      as: "a",
    });
    assert.equal(removed.status, 204, "an unconfirmed file can be withdrawn");
    const gone = await api("DELETE", `/api/products/${asset.id}/files/${other.body.file.id}`, {
      as: "a",
    });
    assert.equal(gone.status, 404);
    const foreign = await api("DELETE", `/api/products/${asset.id}/files/${r.body.file.id}`, {
      as: "b",
    });
    assert.equal(foreign.status, 404);
    assert.equal((await confirm(api, asset.id, r.body.file.id, "b")).status, 404);
  });

  await t.step("a failed upload leaves nothing: no record, no object", async () => {
    const product = await create(api, "a", { type: "software", title: "Failed uploads" });
    const never = await announce(api, product.id, "never.zip", 100, "application/zip");
    const missing = await confirm(api, product.id, never.body.file.id);
    assert.equal(missing.status, 409);
    assert.deepEqual(fields(missing), ["file"]);
    assert.match(missing.body.detail, /never\.zip/);
    assert.equal((await confirm(api, product.id, never.body.file.id)).status, 404, "withdrawn");

    const short = await announce(api, product.id, "short.zip", 100, "application/zip");
    await put(short.body.upload, new Uint8Array(40));
    const wrongSize = await confirm(api, product.id, short.body.file.id);
    assert.equal(wrongSize.status, 422);
    assert.deepEqual(fields(wrongSize), ["file"]);
    assert.match(wrongSize.body.detail, /40 bytes, not the 100 announced/);
    assert.equal(await s.store.head(short.body.key), null, "the object is deleted too");
    assert.deepEqual((await api("GET", `/api/products/${product.id}`, { as: "a" })).body.files, []);
  });

  await t.step("the sweeper removes uploads never confirmed, and their objects", async () => {
    const product = await create(api, "a", { type: "software", title: "Abandoned" });
    const kept = await announce(api, product.id, "kept.zip", 3, "application/zip");
    await put(kept.body.upload, new Uint8Array(3));
    await confirm(api, product.id, kept.body.file.id);
    const left = await announce(api, product.id, "left.zip", 3, "application/zip");
    await put(left.body.upload, new Uint8Array(3));
    const sweeper = startUploadSweeper({
      sql,
      blobs: s.store,
      logger,
      clock: () => new Date(Date.now() + 60_000),
      intervalMs: 3_600_000,
      graceMs: 30_000,
    });
    try {
      assert.ok(await sweeper.runOnce() >= 1);
    } finally {
      await sweeper.stop();
    }
    assert.equal(await s.store.head(left.body.key), null);
    assert.ok(await s.store.head(kept.body.key), "a confirmed file stays");
    assert.equal((await confirm(api, product.id, left.body.file.id)).status, 404);
    const files = (await api("GET", `/api/products/${product.id}`, { as: "a" })).body.files;
    assert.deepEqual(files.map((f: { name: string }) => f.name), ["kept.zip"]);
  });
});

Deno.test("descriptions are rendered without any way to run script", async () => {
  await using s = await start();
  const description = [
    "# Hello",
    "<script>alert(1)</script>",
    '<iframe src="https://evil.test"></iframe>',
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1)) and [ok](https://example.com)",
    '<a href="javascript:alert(1)" onclick="alert(2)">a</a>',
    "![pic](javascript:alert(1))",
  ].join("\n\n");
  const product = await create(s.api, "a", { description });
  const html: string = product.descriptionHtml;
  assert.equal(product.description, description, "the source is kept as written");
  assert.doesNotMatch(html, /<(script|iframe)/i);
  assert.doesNotMatch(html, /<[^>]*\son[a-z]+\s*=/i);
  assert.doesNotMatch(html, /(href|src)="javascript:/i);
  // The page's h1 is the title: a description's highest heading becomes h2.
  assert.match(html, /<h2>Hello<\/h2>/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /<a href="https:\/\/example.com"/);
  const patched = await s.api("PATCH", `/api/products/${product.id}`, {
    as: "a",
    json: { description: "<svg onload=alert(1)>" },
  });
  assert.doesNotMatch(patched.body.descriptionHtml, /<svg/);
});

Deno.test("browsing: filters, full-text and prefix search, keyset pages", async (t) => {
  await using s = await start();
  const { api } = s;
  const catalogue = [
    {
      as: "a",
      type: "course",
      title: "Rust for beginners",
      category: "programming",
      tags: ["rust"],
      amount: 2000,
    },
    {
      as: "a",
      type: "course",
      title: "Advanced Rust",
      category: "programming",
      tags: ["rust", "advanced"],
      amount: 6000,
    },
    {
      as: "a",
      type: "asset",
      title: "Watercolour brushes",
      category: "art",
      tags: ["brushes"],
      amount: 900,
    },
    {
      as: "b",
      type: "asset",
      title: "Oil brushes",
      category: "art",
      tags: ["brushes", "oil"],
      amount: 1500,
    },
    {
      as: "b",
      type: "membership",
      title: "Studio club",
      category: "art",
      tags: ["club"],
      amount: 500,
      currency: "USD",
    },
    {
      as: "b",
      type: "software",
      title: "Typewriter app",
      category: "tools",
      tags: ["writing"],
      amount: 3000,
      description: "A distraction-free editor",
    },
  ] as const;
  const ids = new Map<string, string>();
  for (const p of catalogue) {
    const extra = p.type === "membership" ? { membership: { period: "month", perks: [] } } : {};
    const created = await create(api, p.as, {
      type: p.type,
      title: p.title,
      category: p.category,
      tags: p.tags,
      price: { amount: p.amount, currency: "currency" in p ? p.currency : "EUR" },
      description: "description" in p ? p.description : "Plain words",
      ...extra,
    });
    if (p.type === "software") {
      await api("POST", `/api/products/${created.id}/licence-keys`, {
        as: p.as,
        json: { keys: ["K1"] },
      });
    }
    await publish(api, p.as, created.id);
    ids.set(p.title, created.id);
  }
  // Fillers for paging, and a draft that must never show.
  for (let i = 0; i < 17; i++) {
    const f = await create(api, "a", {
      title: `Filler ${i}`,
      price: { amount: 100 * (i % 5), currency: "EUR" },
    });
    await publish(api, "a", f.id);
  }
  await create(api, "a", { title: "Secret draft about rust", tags: ["rust"] });
  const titles = async (query: string) => {
    const r = await api("GET", `/api/products?${query}`);
    assert.equal(r.status, 200, `${query}: ${JSON.stringify(r.body)}`);
    return (r.body.items as { title: string }[]).map((p) => p.title).sort();
  };

  await t.step("filters by type, category, tag, creator, currency and price", async () => {
    assert.deepEqual(await titles("type=asset"), ["Oil brushes", "Watercolour brushes"]);
    assert.deepEqual(await titles("category=art&type=membership"), ["Studio club"]);
    assert.deepEqual(await titles("tag=rust"), ["Advanced Rust", "Rust for beginners"]);
    assert.deepEqual(await titles("tag=RUST&category=programming"), [
      "Advanced Rust",
      "Rust for beginners",
    ]);
    assert.deepEqual(await titles(`creator=${B}`), [
      "Oil brushes",
      "Studio club",
      "Typewriter app",
    ]);
    assert.deepEqual(await titles("currency=USD"), ["Studio club"]);
    assert.deepEqual(await titles("minPrice=1500&maxPrice=3000"), [
      "Oil brushes",
      "Rust for beginners",
      "Typewriter app",
    ]);
  });

  await t.step("q searches words of titles, tags and text, and title prefixes", async () => {
    assert.deepEqual(await titles("q=rust"), ["Advanced Rust", "Rust for beginners"]);
    assert.deepEqual(await titles("q=distraction-free"), ["Typewriter app"]);
    assert.deepEqual(await titles("q=oil"), ["Oil brushes"]);
    assert.deepEqual(await titles("q=water"), ["Watercolour brushes"], "prefix of a title word");
    assert.deepEqual(await titles("q=adv%20ru"), ["Advanced Rust"]);
    assert.deepEqual(await titles("q=brushes%20-oil"), ["Watercolour brushes"], "websearch syntax");
    assert.deepEqual(await titles("q=%22unbalanced%20%26%20!(%3A*"), [], "any input is safe");
    assert.deepEqual(await titles("q=rust&type=asset"), []);
  });

  await t.step("pages never repeat or skip, in every sort", async () => {
    const total = catalogue.length + 17;
    for (const sort of ["new", "price_asc", "price_desc"]) {
      const seen: { id: string; amount: number }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ""}`;
        const r = await api("GET", `/api/products?${query}`);
        assert.equal(r.status, 200);
        assert.ok(r.body.items.length <= 7);
        seen.push(...r.body.items.map((p: { id: string; price: { amount: number } }) => ({
          id: p.id,
          amount: p.price.amount,
        })));
        cursor = r.body.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(pages, Math.ceil(total / 7), sort);
      assert.equal(seen.length, total, sort);
      assert.equal(new Set(seen.map((p) => p.id)).size, total, `${sort}: no duplicates`);
      const amounts = seen.map((p) => p.amount);
      if (sort === "price_asc") assert.deepEqual(amounts, [...amounts].sort((x, y) => x - y));
      if (sort === "price_desc") assert.deepEqual(amounts, [...amounts].sort((x, y) => y - x));
    }
    const first = await api("GET", "/api/products?limit=1");
    assert.equal(first.body.items[0].title, "Filler 16", "newest first");
  });

  await t.step("bad queries are 422 naming the parameter", async () => {
    const cursor = (await api("GET", "/api/products?limit=1&sort=price_asc")).body.nextCursor;
    const cases: Array<[string, string]> = [
      ["limit=51", "query.limit"],
      ["limit=0", "query.limit"],
      ["type=ebook", "query.type"],
      ["sort=random", "query.sort"],
      ["currency=eur", "query.currency"],
      ["minPrice=-1", "query.minPrice"],
      ["minPrice=10&maxPrice=5", "query.maxPrice"],
      ["cursor=nonsense", "query.cursor"],
      [`cursor=${cursor}&sort=new`, "query.cursor"],
      ["status=draft", "query.status"],
    ];
    for (const [query, field] of cases) {
      const r = await api("GET", `/api/products?${query}`);
      assert.equal(r.status, 422, query);
      assert.deepEqual(fields(r), [field], query);
    }
  });

  await t.step("mine=true shows the caller's drafts; it needs a token", async () => {
    assert.equal((await api("GET", "/api/products?mine=true")).status, 401);
    const drafts = await api("GET", "/api/products?mine=true&status=draft", { as: "a" });
    assert.deepEqual(drafts.body.items.map((p: { title: string }) => p.title), [
      "Secret draft about rust",
    ]);
    const theirs = await api("GET", "/api/products?mine=true&status=draft", { as: "b" });
    assert.deepEqual(theirs.body.items, []);
  });

  await t.step("a creator's page lists their published products", async () => {
    const r = await api("GET", `/api/creators/${B}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.creator, { id: B, displayName: null });
    assert.equal(r.body.products.length, 3);
    assert.equal((await api("GET", `/api/creators/${BUYER}`)).status, 404);
  });
});

for (const blob of BLOB_KINDS) {
  Deno.test(`cover images (${blob}): presigned upload over HTTP, then a redirect to the image`, async (t) => {
    await using s = await start({ blob });
    const { api } = s;
    const product = await create(api, "a");
    // A real 2×2 PNG: covers are sniffed, a signature alone is not an image.
    const png = Uint8Array.from(
      atob(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
      ),
      (c) => c.charCodeAt(0),
    );
    let key = "";

    await t.step("only images up to 5 MiB may be asked for", async () => {
      const gif = await api("POST", `/api/products/${product.id}/cover-upload`, {
        as: "a",
        json: { contentType: "image/gif", size: 10 },
      });
      assert.deepEqual(fields(gif), ["body.contentType"]);
      const big = await api("POST", `/api/products/${product.id}/cover-upload`, {
        as: "a",
        json: { contentType: "image/png", size: 5 * 1024 * 1024 + 1 },
      });
      assert.deepEqual(fields(big), ["body.size"]);
    });

    await t.step("the browser PUTs the bytes to the presigned URL", async () => {
      const r = await api("POST", `/api/products/${product.id}/cover-upload`, {
        as: "a",
        json: { contentType: "image/png", size: png.byteLength },
      });
      assert.equal(r.status, 200);
      key = r.body.key;
      assert.match(key, new RegExp(`^products/${product.id}/cover/[0-9a-f-]+\\.png$`));
      const refused = await fetch(r.body.upload.url, {
        method: "PUT",
        headers: { "content-type": "image/jpeg" },
        body: png,
      });
      assert.equal(refused.status, 403, "the content type is signed");
      await refused.body?.cancel();
      const put = await fetch(r.body.upload.url, {
        method: r.body.upload.method,
        headers: r.body.upload.headers,
        body: png,
      });
      assert.equal(put.status, 200);
      await put.body?.cancel();
    });

    await t.step("PATCH coverKey accepts only this product's finished upload", async () => {
      const cases = [
        `products/${crypto.randomUUID()}/cover/x.png`,
        `products/${product.id}/files/x`,
        `products/${product.id}/cover/missing.png`,
        `products/${product.id}/cover/../x`,
      ];
      for (const coverKey of cases) {
        const r = await api("PATCH", `/api/products/${product.id}`, {
          as: "a",
          json: { coverKey },
        });
        assert.equal(r.status, 422, coverKey);
        assert.deepEqual(fields(r), ["body.coverKey"], coverKey);
      }
      const r = await api("PATCH", `/api/products/${product.id}`, {
        as: "a",
        json: { coverKey: key },
      });
      assert.equal(r.status, 200);
      // A draft's cover is for its editor: a short-lived URL an <img> loads without a token.
      assert.notEqual(r.body.coverUrl, `/api/products/${product.id}/cover`);
      const preview = await fetch(r.body.coverUrl);
      assert.equal(preview.status, 200);
      assert.deepEqual(new Uint8Array(await preview.arrayBuffer()), png);
      const read = await api("GET", `/api/products/${product.id}`, { as: "a" });
      const again = await fetch(read.body.coverUrl);
      assert.equal(again.status, 200);
      await again.body?.cancel();
    });

    await t.step("a text file named .png is refused, naming the cover, and deleted", async () => {
      const text = new TextEncoder().encode("Not an image at all, only words.\n");
      const r = await api("POST", `/api/products/${product.id}/cover-upload`, {
        as: "a",
        json: { contentType: "image/png", size: text.byteLength },
      });
      await put(r.body.upload, text);
      const patch = await api("PATCH", `/api/products/${product.id}`, {
        as: "a",
        json: { coverKey: r.body.key },
      });
      assert.equal(patch.status, 422);
      assert.deepEqual(fields(patch), ["body.coverKey"]);
      assert.match(patch.body.errors[0].message, /not really a PNG, JPEG or WebP image/);
      assert.equal(await s.store.head(r.body.key), null, "the refused upload is deleted");
      const still = await api("GET", `/api/products/${product.id}`, { as: "a" });
      assert.ok(still.body.coverUrl, "the earlier cover stays");
    });

    await t.step("GET cover redirects to a short-lived URL serving the bytes", async () => {
      assert.equal((await api("GET", `/api/products/${product.id}/cover`)).status, 404, "a draft");
      await publish(api, "a", product.id);
      const published = await api("GET", `/api/products/${product.id}`);
      assert.equal(published.body.coverUrl, `/api/products/${product.id}/cover`);
      const r = await api("GET", `/api/products/${product.id}/cover`);
      assert.equal(r.status, 302);
      assert.equal(r.res.headers.get("cache-control"), "public, max-age=300");
      const image = await fetch(r.res.headers.get("location")!);
      assert.equal(image.status, 200);
      assert.equal(image.headers.get("content-type"), "image/png");
      assert.deepEqual(new Uint8Array(await image.arrayBuffer()), png);
      const bare = await create(api, "a", { title: "No cover" });
      await publish(api, "a", bare.id);
      assert.equal((await api("GET", `/api/products/${bare.id}/cover`)).status, 404);
    });

    await t.step("an upload over 5 MiB never becomes a cover", async () => {
      const r = await api("POST", `/api/products/${product.id}/cover-upload`, {
        as: "a",
        json: { contentType: "image/webp", size: 5 * 1024 * 1024 },
      });
      const put = await fetch(r.body.upload.url, {
        method: "PUT",
        headers: r.body.upload.headers,
        body: new Uint8Array(5 * 1024 * 1024 + 1),
      });
      await put.body?.cancel();
      if (blob === "local") {
        assert.equal(put.status, 413, "the local store enforces the signed size");
      } else {
        assert.equal(put.status, 200, "a presigned S3 PUT cannot cap the size...");
      }
      const patch = await api("PATCH", `/api/products/${product.id}`, {
        as: "a",
        json: { coverKey: r.body.key },
      });
      assert.equal(patch.status, 422, "...so the PATCH checks it");
      assert.deepEqual(fields(patch), ["body.coverKey"]);
    });

    await t.step("services with the internal token get a file's download URL", async () => {
      const bytes = new TextEncoder().encode("kick, snare, hats");
      const file = await api("POST", `/api/products/${product.id}/files`, {
        as: "a",
        json: { name: "drum kit.zip", size: bytes.length, contentType: "application/zip" },
      });
      assert.equal(file.status, 201);
      await put(file.body.upload, bytes);
      const path = `/internal/products/${product.id}/files/${file.body.file.id}/download-url`;
      const internal = { "x-internal-token": DEV_INTERNAL_TOKEN };
      const unconfirmed = await api("GET", path, { headers: internal });
      assert.equal(unconfirmed.status, 404, "an unconfirmed file is not served");
      assert.equal((await confirm(api, product.id, file.body.file.id)).status, 200);
      const archived = await api("POST", `/api/products/${product.id}/archive`, { as: "a" });
      assert.equal(archived.status, 200, "owners of archived products keep their files");
      const r = await api("GET", path, { headers: internal });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.name, "drum kit.zip");
      const download = await fetch(r.body.url);
      assert.equal(download.status, 200);
      assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bytes);
      assert.match(download.headers.get("content-disposition") ?? "", /drum kit\.zip/);
      assert.equal((await api("GET", path)).status, 401);
      assert.equal((await api("GET", path, { as: "admin" })).status, 401, "not for users");
      const other = `/internal/products/${product.id}/files/${crypto.randomUUID()}/download-url`;
      assert.equal((await api("GET", other, { headers: internal })).status, 404);
      const bad = await api("GET", `/internal/products/${product.id}/files/x/download-url`, {
        headers: internal,
      });
      assert.equal(bad.status, 422);
      // The object vanished behind the catalog's back: a clear 410, never a dead URL.
      await s.store.delete(file.body.key);
      const gone = await api("GET", path, { headers: internal });
      assert.equal(gone.status, 410);
      assert.equal(gone.res.headers.get("content-type"), "application/problem+json");
      assert.equal(gone.body.detail, `The file "drum kit.zip" is no longer available`);
    });
  });
}

Deno.test("the creators projection follows users events, once each", async () => {
  await using s = await start();
  const bus = createMemoryBus();
  await bus.ensureTopics([TOPICS.users, deadLetterTopic(TOPICS.users)]);
  const consumer = await startConsumer({ ...creatorsConsumer(), sql: s.sql, bus, logger });
  try {
    const product = await create(s.api, "a");
    await publish(s.api, "a", product.id);
    const registered = createEvent(UserRegistered, {
      userId: A,
      email: "ann@example.com",
      displayName: "Ann Creator",
      roles: ["buyer", "creator"],
      registeredAt: new Date(Date.now() - 60_000).toISOString(),
    }, { source: "/marquee/users" });
    const message = {
      topic: TOPICS.users,
      key: A,
      value: JSON.stringify(registered),
      headers: {},
    };
    await bus.publish([message, message]);
    await eventually(
      async () => {
        const r = await s.api("GET", `/api/creators/${A}`);
        return r.body.creator.displayName === "Ann Creator";
      },
      10_000,
      "the creator's name",
    );
    const view = await s.api("GET", `/api/products/${product.id}`);
    assert.equal(view.body.creatorName, "Ann Creator");
    const updated = createEvent(UserUpdated, {
      userId: A,
      displayName: "Ann B. Creator",
      bio: null,
      updatedAt: new Date().toISOString(),
    }, { source: "/marquee/users" });
    await bus.publish([{
      topic: TOPICS.users,
      key: A,
      value: JSON.stringify(updated),
      headers: {},
    }]);
    await eventually(
      async () => {
        const r = await s.api("GET", `/api/creators/${A}`);
        return r.body.creator.displayName === "Ann B. Creator";
      },
      10_000,
      "the new name",
    );
    const [inbox] = await s.sql<{ n: number }[]>`
      select count(*)::int as n from inbox where consumer = 'catalog.creators'`;
    assert.equal(inbox!.n, 2, "the duplicate delivery was skipped");
  } finally {
    await consumer.close();
    await bus.close();
  }
});

Deno.test("openapi.json documents every route", async () => {
  await using s = await start();
  const r = await s.api("GET", "/openapi.json");
  assert.equal(r.status, 200);
  const paths = Object.keys(r.body.paths).sort();
  assert.deepEqual(paths, [
    "/api/creators/{id}",
    "/api/discounts",
    "/api/discounts/quote",
    "/api/discounts/{id}/deactivate",
    "/api/inventory/holds",
    "/api/inventory/holds/{id}/commit",
    "/api/inventory/holds/{id}/release",
    "/api/inventory/holds/{id}/return",
    "/api/products",
    "/api/products/{idOrSlug}",
    "/api/products/{id}",
    "/api/products/{id}/archive",
    "/api/products/{id}/cover",
    "/api/products/{id}/cover-upload",
    "/api/products/{id}/files",
    "/api/products/{id}/files/{fileId}",
    "/api/products/{id}/files/{fileId}/confirm",
    "/api/products/{id}/licence-keys",
    "/api/products/{id}/pay-what-you-want",
    "/api/products/{id}/publish",
    "/api/products/{id}/reviews",
    "/api/products/{id}/reviews/mine",
    "/api/products/{id}/unpublish",
    "/api/redemptions",
    "/api/redemptions/{orderId}/release",
    "/internal/products/{id}/files/{fileId}/download-url",
  ]);
  assert.ok(r.body.components.schemas.Product.properties.descriptionHtml);
});
