import assert from "node:assert/strict";
import { z } from "zod";
import { ConfigError, loadConfig, optionalEnv, ServiceEnv } from "./mod.ts";

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
