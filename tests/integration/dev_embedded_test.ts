/**
 * `deno task dev` with nothing running: the embedded platform starts and serves the
 * users API, and stops cleanly on SIGTERM.
 */
import assert from "node:assert/strict";
import { answersOk, eventually } from "@marquee/testing";

Deno.test("deno task dev serves the edge, storefront and services in embedded mode", async () => {
  const data = await Deno.makeTempDir({ prefix: "marquee-dev-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../../infra/dev.ts", import.meta.url).pathname, "--no-seed"],
    env: {
      MARQUEE_MODE: "embedded",
      MARQUEE_DATA: data,
      MARQUEE_PORT_OFFSET: "3000",
      LOG_LEVEL: "warn",
    },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const base = "http://127.0.0.1:11101";
  try {
    await eventually(
      // The edge starts last, after every service.
      () => answersOk("http://127.0.0.1:11000/health/ready"),
      90_000,
      "embedded users ready",
    );
    const email = `dev-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const register = await fetch(`${base}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "correct horse battery", displayName: "Dev" }),
    });
    assert.equal(register.status, 201, await register.text());
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "correct horse battery" }),
    });
    assert.equal(login.status, 200);
    const { accessToken } = await login.json();
    const me = await fetch(`${base}/api/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    assert.equal((await me.json()).email, email);
  } finally {
    child.kill("SIGTERM");
    const status = await child.status;
    await child.stderr.cancel();
    assert.equal(status.code, 0);
    await Deno.remove(data, { recursive: true });
  }
});
