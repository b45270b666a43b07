import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "@marquee/config";
import { StreamingEnv } from "./config.ts";

const base = { SERVICE_NAME: "streaming", PORT: "8107" };

Deno.test("embedded mode runs with nothing set", () => {
  const config = loadConfig(StreamingEnv, base);
  assert.equal(config.MEDIA_RTMP_URL, "rtmp://127.0.0.1:1935");
  assert.equal(config.STREAM_RECONNECT_GRACE_SEC, 60);
  assert.equal(config.MEDIA_API_URL, "http://127.0.0.1:9997");
  assert.equal(config.MEDIA_RECONCILE_INTERVAL_MS, 5_000);
});

Deno.test("servers mode requires the internal token and the ticket secret", () => {
  assert.throws(
    () => loadConfig(StreamingEnv, { ...base, MARQUEE_MODE: "servers" }),
    (error: unknown) =>
      error instanceof ConfigError && /INTERNAL_TOKEN/.test(error.message) &&
      /STREAM_TICKET_SECRET/.test(error.message),
  );
});

Deno.test("a media URL of the wrong scheme is named", () => {
  assert.throws(
    () => loadConfig(StreamingEnv, { ...base, MEDIA_RTMP_URL: "http://x:1935" }),
    (error: unknown) => error instanceof ConfigError && /MEDIA_RTMP_URL/.test(error.message),
  );
});
