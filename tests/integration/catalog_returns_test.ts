/**
 * Returning a committed hold (`POST /api/inventory/holds/{id}/return`): the checkout saga's
 * undo of a sale it could not complete. The units and the licence keys go back, once; a
 * hold still held is refused (it is released instead); the record says `released`.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createLocalBlobStore } from "@marquee/blob";
import { loadConfig } from "@marquee/config";
import { InventoryReleased } from "@marquee/contracts";
import { decodeData, Envelope } from "@marquee/events";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { testDatabase } from "@marquee/testing";
import { CATALOG_MIGRATIONS, createCatalogApp } from "../../services/catalog/app.ts";
import { CatalogEnv } from "../../services/catalog/config.ts";

const INTERNAL = "returns-test-internal-token-0123456789";
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

Deno.test("a committed hold is returned once: units and licence keys go back", async () => {
  await using db = await testDatabase([CATALOG_MIGRATIONS]);
  const root = await Deno.makeTempDir({ prefix: "marquee-catalog-returns-" });
  const config = loadConfig(CatalogEnv, {
    SERVICE_NAME: "catalog",
    PORT: "0",
    INTERNAL_TOKEN: INTERNAL,
    BLOB_SIGNING_SECRET: "returns-test-blob-secret",
  });
  const blobs = createLocalBlobStore({
    root,
    secret: "returns-test-blob-secret",
    publicBaseUrl: "http://127.0.0.1:1/blobs",
  });
  const built = await createCatalogApp({
    sql: db.sql,
    config,
    logger,
    registry: new Registry(),
    jwks,
    blobs,
  });
  try {
    const call = async (method: string, path: string, json?: unknown, creator = false) => {
      const headers = new Headers({ "content-type": "application/json" });
      if (creator) headers.set("authorization", `Bearer ${creatorToken}`);
      else headers.set("x-internal-token", INTERNAL);
      const res = await built.app.request(path, {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      const text = await res.text();
      // deno-lint-ignore no-explicit-any
      return { status: res.status, body: text ? JSON.parse(text) : undefined as any };
    };
    const created = await call("POST", "/api/products", {
      title: "Synth plug-in",
      type: "software",
      price: { amount: 2500, currency: "EUR" },
    }, true);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id: string = created.body.id;
    await call("POST", `/api/products/${id}/licence-keys`, { keys: ["K-1", "K-2"] }, true);
    assert.equal((await call("POST", `/api/products/${id}/publish`, undefined, true)).status, 200);
    const available = async () => (await call("GET", `/api/products/${id}`)).body.available;

    const holdId = crypto.randomUUID();
    assert.equal(
      (await call("POST", "/api/inventory/holds", { productId: id, quantity: 2, holdId })).status,
      201,
    );
    const early = await call("POST", `/api/inventory/holds/${holdId}/return`);
    assert.equal(early.status, 409, "a held hold is released, not returned");
    assert.match(early.body.detail, /release it/);
    const commit = await call("POST", `/api/inventory/holds/${holdId}/commit`);
    assert.deepEqual(commit.body.licenceKeys, ["K-1", "K-2"]);
    assert.equal(await available(), 0);

    const returned = await call("POST", `/api/inventory/holds/${holdId}/return`);
    assert.equal(returned.status, 200);
    assert.equal(returned.body.status, "released");
    assert.equal(await available(), 2);
    const again = await call("POST", `/api/inventory/holds/${holdId}/return`);
    assert.equal(again.status, 200, "returning again changes nothing");
    assert.equal(await available(), 2);
    const [free] = await db.sql<{ n: number }[]>`select count(*)::int as n from licence_keys
      where product_id = ${id} and hold_id is null`;
    assert.equal(free?.n, 2, "the keys are back in the pool");
    const rows = await db.sql<{ envelope: unknown }[]>`select envelope from outbox
      where type = 'inventory.released' order by seq`;
    assert.equal(rows.length, 1, "one release announced");
    const data = decodeData(InventoryReleased, Envelope.parse(rows[0]!.envelope));
    assert.deepEqual([data.holdId, data.reason, data.available], [holdId, "released", 2]);
    const recommit = await call("POST", `/api/inventory/holds/${holdId}/commit`);
    assert.equal(recommit.status, 409, "a returned sale does not come back");

    // The keys sell again to the next buyer.
    const next = crypto.randomUUID();
    await call("POST", "/api/inventory/holds", { productId: id, quantity: 1, holdId: next });
    const sold = await call("POST", `/api/inventory/holds/${next}/commit`);
    assert.equal(sold.body.licenceKeys.length, 1);

    assert.equal(
      (await call("POST", `/api/inventory/holds/${crypto.randomUUID()}/return`)).status,
      404,
    );
    assert.equal((await call("POST", "/api/inventory/holds/not-a-uuid/return")).status, 422);
    const headers = { "x-internal-token": "wrong-token-wrong-token-wrong" };
    const forged = await built.app.request(`/api/inventory/holds/${holdId}/return`, {
      method: "POST",
      headers,
    });
    assert.equal(forged.status, 401);
    await forged.body?.cancel();
  } finally {
    await built.close();
    await Deno.remove(root, { recursive: true });
  }
});
