import assert from "node:assert/strict";
import { stripePublishableKey } from "./stripe_config.ts";

Deno.test("stripe config: only a publishable key is handed to the browser", () => {
  const env = (value?: string) => () => value;
  assert.equal(stripePublishableKey(env("pk_test_51Hxyz0123abcd")), "pk_test_51Hxyz0123abcd");
  assert.equal(stripePublishableKey(env(" pk_live_51Hxyz0123abcd ")), "pk_live_51Hxyz0123abcd");
  assert.equal(stripePublishableKey(env("sk_test_51Hxyz0123abcd")), null);
  assert.equal(stripePublishableKey(env("")), null);
  assert.equal(stripePublishableKey(env()), null);
});
