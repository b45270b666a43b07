/**
 * The notifications sender loop on a fresh database: retries with backoff until the mail
 * server takes a message, gives up after the last attempt keeping the error, never sends
 * a sent row again, and sends again a row whose sender died mid-attempt once its lease ends.
 */
import assert from "node:assert/strict";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { testDatabase } from "@marquee/testing";
import { NOTIFICATIONS_MIGRATIONS } from "../../services/notifications/app.ts";
import { claimDue, queueEmail } from "../../services/notifications/db/emails.ts";
import {
  type EmailSenderOptions,
  messageIdOf,
  startEmailSender,
} from "../../services/notifications/jobs/email_sender.ts";
import type { Mailer, MailMessage } from "../../services/notifications/mail/mailer.ts";

const logger = createLogger({ service: "notifications", level: "error", sink: () => {} });

/** A mailer that fails its first `failures` sends. */
function flakyMailer(failures: number): Mailer & { sent: MailMessage[]; tries: number } {
  const state = { sent: [] as MailMessage[], tries: 0 };
  return Object.assign(state, {
    kind: "memory" as const,
    send(message: MailMessage) {
      state.tries++;
      if (state.tries <= failures) return Promise.reject(new Error(`Refused ${state.tries}`));
      state.sent.push(message);
      return Promise.resolve();
    },
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  });
}

async function setup() {
  const db = await testDatabase([NOTIFICATIONS_MIGRATIONS]);
  let now = new Date("2025-03-01T10:00:00Z");
  const clock = () => now;
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  const id = crypto.randomUUID();
  await queueEmail(db.sql, {
    id,
    eventId: crypto.randomUUID(),
    kind: "receipt",
    userId: crypto.randomUUID(),
    toAddress: "ada@example.com",
    subject: "Your Marquee receipt",
    textBody: "Thanks",
    htmlBody: "<p>Thanks</p>",
  }, now);
  const sender = (mailer: Mailer, extra: Partial<EmailSenderOptions> = {}) =>
    startEmailSender({
      sql: db.sql,
      mailer,
      from: "Marquee <no-reply@marquee.local>",
      logger,
      registry: new Registry(),
      clock,
      policy: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
      pollMs: 3_600_000, // driven by runOnce only
      leaseMs: 30_000,
      ...extra,
    });
  const row = async () => {
    const [r] = await db.sql<
      { status: string; attempts: number; lastError: string | null; nextAttemptAt: Date }[]
    >`select status, attempts, last_error, next_attempt_at from emails where id = ${id}`;
    return r!;
  };
  return { db, id, clock, advance, sender, row };
}

Deno.test("sender: retries with backoff, then sends once", async () => {
  const s = await setup();
  await using _db = s.db;
  const mailer = flakyMailer(2);
  const sender = s.sender(mailer);
  try {
    assert.equal(await sender.runOnce(), 1);
    let r = await s.row();
    assert.deepEqual([r.status, r.attempts, r.lastError], ["queued", 1, "Refused 1"]);
    assert.equal(r.nextAttemptAt.getTime() - s.clock().getTime(), 1000);
    assert.equal(await sender.runOnce(), 0, "not due before its backoff");

    s.advance(1000);
    assert.equal(await sender.runOnce(), 1);
    r = await s.row();
    assert.deepEqual([r.status, r.attempts], ["queued", 2]);
    assert.equal(r.nextAttemptAt.getTime() - s.clock().getTime(), 2000, "the delay doubled");

    s.advance(2000);
    assert.equal(await sender.runOnce(), 1);
    r = await s.row();
    assert.deepEqual([r.status, r.attempts, r.lastError], ["sent", 3, null]);
    assert.equal(mailer.sent.length, 1);
    assert.equal(mailer.sent[0]!.messageId, messageIdOf({ id: s.id }));

    s.advance(3_600_000);
    assert.equal(await sender.runOnce(), 0, "a sent email is never sent again");
    assert.equal(mailer.sent.length, 1);
  } finally {
    await sender.stop();
  }
});

Deno.test("sender: gives up after the last attempt and keeps the error", async () => {
  const s = await setup();
  await using _db = s.db;
  const sender = s.sender(flakyMailer(10));
  try {
    for (let i = 0; i < 3; i++) {
      assert.equal(await sender.runOnce(), 1);
      s.advance(60_000);
    }
    const r = await s.row();
    assert.deepEqual([r.status, r.attempts, r.lastError], ["failed", 3, "Refused 3"]);
    assert.equal(await sender.runOnce(), 0);
  } finally {
    await sender.stop();
  }
});

Deno.test("sender: a claim left by a sender that died is sent again after the lease", async () => {
  const s = await setup();
  await using _db = s.db;
  // A sender claims the row and dies before sending or marking it.
  const claimed = await claimDue(s.db.sql, s.clock(), new Date(s.clock().getTime() + 30_000), 10);
  assert.equal(claimed.length, 1);
  const mailer = flakyMailer(0);
  const sender = s.sender(mailer);
  try {
    assert.equal(await sender.runOnce(), 0, "claimed rows are left alone during the lease");
    s.advance(30_000);
    assert.equal(await sender.runOnce(), 1);
    assert.equal((await s.row()).status, "sent");
    assert.equal(mailer.sent.length, 1);
  } finally {
    await sender.stop();
  }
});

Deno.test("sender: a woken sender delivers without waiting for its poll", async () => {
  const s = await setup();
  await using _db = s.db;
  const mailer = flakyMailer(0);
  const sender = s.sender(mailer);
  try {
    sender.wake();
    const deadline = Date.now() + 5000;
    while ((await s.row()).status !== "sent" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal((await s.row()).status, "sent");
  } finally {
    await sender.stop();
  }
});
