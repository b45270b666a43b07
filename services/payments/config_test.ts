import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "@marquee/config";
import { DEV_WEBHOOK_SECRET, PaymentsEnv } from "./config.ts";

Deno.test("the service name and port are enough to start embedded", () => {
  const config = loadConfig(PaymentsEnv, { SERVICE_NAME: "payments", PORT: "8104" });
  assert.equal(config.PAYMENT_PROVIDER, "simulated");
  assert.equal(config.STRIPE_WEBHOOK_SECRET, DEV_WEBHOOK_SECRET);
  assert.equal(config.STRIPE_MOCK_DECLINES, false);
});

Deno.test("servers mode charges through Stripe and needs a webhook secret", () => {
  const env = { SERVICE_NAME: "payments", PORT: "8104", MARQUEE_MODE: "servers" };
  assert.throws(() => loadConfig(PaymentsEnv, env), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /STRIPE_WEBHOOK_SECRET: Required in servers mode/);
    assert.match(error.message, /STRIPE_SECRET_KEY: Required/);
    return true;
  });
  const local = loadConfig(PaymentsEnv, {
    ...env,
    STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef",
    STRIPE_API_BASE: "http://127.0.0.1:12111",
  });
  assert.equal(local.PAYMENT_PROVIDER, "stripe");
  assert.equal(local.STRIPE_MOCK_DECLINES, true);
});

Deno.test("test-card declines stay off against real Stripe unless asked for", () => {
  const env = {
    SERVICE_NAME: "payments",
    PORT: "8104",
    STRIPE_SECRET_KEY: "sk_live_0123",
    STRIPE_API_BASE: "https://api.stripe.com",
  };
  assert.equal(loadConfig(PaymentsEnv, env).STRIPE_MOCK_DECLINES, false);
  const local = {
    ...env,
    STRIPE_API_BASE: "http://localhost:12111",
    STRIPE_MOCK_DECLINES: "false",
  };
  assert.equal(loadConfig(PaymentsEnv, local).STRIPE_MOCK_DECLINES, false);
});

Deno.test("the default key has the shape stripe-mock accepts", () => {
  const config = loadConfig(PaymentsEnv, { SERVICE_NAME: "payments", PORT: "8104" });
  assert.match(config.STRIPE_SECRET_KEY, /^sk_test_[A-Za-z0-9]+$/);
});
