import assert from "node:assert/strict";
import { z } from "zod";
import {
  blobStoreDefaults,
  BlobStoreEnv,
  checkBlobStoreEnv,
  ConfigError,
  DEV_BLOB_SIGNING_SECRET,
  loadConfig,
  optionalEnv,
  ServiceEnv,
} from "./mod.ts";

Deno.test("loadConfig applies defaults and coerces numbers", () => {
  const config = loadConfig(ServiceEnv, { SERVICE_NAME: "users", PORT: "8101" });
  assert.equal(config.PORT, 8101);
  assert.equal(config.MARQUEE_MODE, "embedded");
  assert.equal(config.BODY_LIMIT_BYTES, 1_048_576);
  assert.equal(config.DATABASE_POOL_MAX, 10);
});

Deno.test("loadConfig takes a database pool size and refuses one below 1", () => {
  const base = { SERVICE_NAME: "catalog", PORT: "8102" };
  assert.equal(loadConfig(ServiceEnv, { ...base, DATABASE_POOL_MAX: "4" }).DATABASE_POOL_MAX, 4);
  assert.throws(
    () => loadConfig(ServiceEnv, { ...base, DATABASE_POOL_MAX: "0" }),
    (error) => error instanceof ConfigError && /DATABASE_POOL_MAX/.test(error.message),
  );
});

Deno.test("loadConfig lists every problem at once", () => {
  const schema = ServiceEnv.extend({ JWT_ISSUER: z.string().url() });
  try {
    loadConfig(schema, { PORT: "eighty", MARQUEE_MODE: "cloud" });
    assert.fail("expected a ConfigError");
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    const fields = error.problems.map((p) => p.split(":")[0]);
    assert.deepEqual(fields.sort(), ["JWT_ISSUER", "MARQUEE_MODE", "PORT", "SERVICE_NAME"]);
    assert.match(error.message, /PORT: .*\(got "eighty"\)/);
    assert.match(error.message, /SERVICE_NAME: .*\(not set\)/);
  }
});

Deno.test("optionalEnv treats an empty variable as unset", () => {
  const schema = z.object({ ADMIN_EMAIL: optionalEnv(z.string().email()) });
  assert.equal(loadConfig(schema, { ADMIN_EMAIL: "" }).ADMIN_EMAIL, undefined);
  assert.throws(() => loadConfig(schema, { ADMIN_EMAIL: "not-an-email" }), ConfigError);
});

const BlobSchema = ServiceEnv.extend(BlobStoreEnv).superRefine(checkBlobStoreEnv).transform((
  env,
) => ({ ...env, ...blobStoreDefaults(env) }));

Deno.test("the blob store defaults to local disk embedded and S3 with real servers", () => {
  const base = { SERVICE_NAME: "catalog", PORT: "8102" };
  const embedded = loadConfig(BlobSchema, { ...base, MARQUEE_DATA: "/var/marquee" });
  assert.equal(embedded.BLOB_STORE, "local");
  assert.equal(embedded.BLOB_ROOT, "/var/marquee/blobs");
  assert.equal(embedded.BLOB_SIGNING_SECRET, DEV_BLOB_SIGNING_SECRET);
  const servers = loadConfig(BlobSchema, { ...base, MARQUEE_MODE: "servers" });
  assert.equal(servers.BLOB_STORE, "s3");
  assert.equal(servers.S3_BUCKET, "marquee");
});

Deno.test("a local blob store with real servers needs its own signing secret", () => {
  const env = {
    SERVICE_NAME: "catalog",
    PORT: "8102",
    MARQUEE_MODE: "servers",
    BLOB_STORE: "local",
  };
  assert.throws(
    () => loadConfig(BlobSchema, env),
    (error) => error instanceof ConfigError && /BLOB_SIGNING_SECRET: Required/.test(error.message),
  );
  assert.throws(
    () => loadConfig(BlobSchema, { ...env, BLOB_SIGNING_SECRET: "short" }),
    (error) =>
      error instanceof ConfigError &&
      /BLOB_SIGNING_SECRET: Must be at least 16/.test(error.message),
  );
  const secret = "a-secret-of-32-characters-000000";
  assert.equal(
    loadConfig(BlobSchema, { ...env, BLOB_SIGNING_SECRET: secret }).BLOB_SIGNING_SECRET,
    secret,
  );
});
