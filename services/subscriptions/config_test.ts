import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "@marquee/config";
import { DEV_INTERNAL_TOKEN, SubscriptionsEnv } from "./config.ts";

const base = { SERVICE_NAME: "subscriptions", PORT: "8105" };

Deno.test("embedded mode runs with nothing set", () => {
  const config = loadConfig(SubscriptionsEnv, base);
  assert.equal(config.INTERNAL_TOKEN, DEV_INTERNAL_TOKEN);
  assert.equal(config.ACCESS_CACHE, "memory");
  assert.equal(config.UPSTREAM_CATALOG, "http://127.0.0.1:8102");
});

Deno.test("servers mode uses Redis and requires an internal token", () => {
  assert.throws(
    () => loadConfig(SubscriptionsEnv, { ...base, MARQUEE_MODE: "servers" }),
    (error: unknown) => error instanceof ConfigError && /INTERNAL_TOKEN/.test(error.message),
  );
  const config = loadConfig(SubscriptionsEnv, {
    ...base,
    MARQUEE_MODE: "servers",
    INTERNAL_TOKEN: "a-real-internal-token-0123456789",
  });
  assert.equal(config.ACCESS_CACHE, "redis");
});
