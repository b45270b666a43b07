import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "@marquee/config";
import { CatalogEnv, DEV_INTERNAL_TOKEN } from "./config.ts";

Deno.test("the service name and port are enough to start embedded", () => {
  const config = loadConfig(CatalogEnv, { SERVICE_NAME: "catalog", PORT: "8102" });
  assert.equal(config.INTERNAL_TOKEN, DEV_INTERNAL_TOKEN);
  assert.equal(config.BLOB_STORE, "local");
  assert.equal(config.BLOB_ROOT, ".data/blobs");
  assert.equal(config.JWKS_URL, "http://127.0.0.1:8101/.well-known/jwks.json");
  assert.equal(config.HOLD_MIN_TTL_SEC, 30);
});

Deno.test("servers mode needs a real internal token and uses S3", () => {
  const env = { SERVICE_NAME: "catalog", PORT: "8102", MARQUEE_MODE: "servers" };
  assert.throws(() => loadConfig(CatalogEnv, env), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /INTERNAL_TOKEN: Required in servers mode/);
    return true;
  });
  assert.throws(() => loadConfig(CatalogEnv, { ...env, INTERNAL_TOKEN: "short" }), /24 characters/);
  const config = loadConfig(CatalogEnv, { ...env, INTERNAL_TOKEN: "x".repeat(24) });
  assert.equal(config.BLOB_STORE, "s3");
});
