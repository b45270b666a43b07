import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "@marquee/config";
import { DEV_STREAM_TICKET_SECRET } from "@marquee/config";
import { NotificationsEnv } from "./config.ts";

const base = { SERVICE_NAME: "notifications", PORT: "8106" };

Deno.test("config: embedded mode uses the outbox folder and a dev ticket secret", () => {
  const config = loadConfig(NotificationsEnv, base);
  assert.equal(config.MAILER, "memory");
  assert.equal(config.SMTP_URL, "smtp://127.0.0.1:1025");
  assert.equal(config.MAIL_FROM, "Marquee <no-reply@marquee.local>");
  assert.equal(config.STREAM_TICKET_SECRET, DEV_STREAM_TICKET_SECRET);
});

Deno.test("config: servers mode sends by SMTP and needs real secrets", () => {
  assert.throws(
    () => loadConfig(NotificationsEnv, { ...base, MARQUEE_MODE: "servers" }),
    (e) =>
      e instanceof ConfigError && /STREAM_TICKET_SECRET/.test(e.message) &&
      /INTERNAL_TOKEN/.test(e.message),
  );
  const config = loadConfig(NotificationsEnv, {
    ...base,
    MARQUEE_MODE: "servers",
    STREAM_TICKET_SECRET: "s".repeat(32),
    INTERNAL_TOKEN: "i".repeat(24),
  });
  assert.equal(config.MAILER, "smtp");
});

Deno.test("config: only SMTP URLs are accepted", () => {
  assert.throws(
    () => loadConfig(NotificationsEnv, { ...base, SMTP_URL: "http://127.0.0.1:1025" }),
    (e) => e instanceof ConfigError && /SMTP_URL/.test(e.message),
  );
});
