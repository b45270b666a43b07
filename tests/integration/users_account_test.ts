/**
 * Account self-service on the users service's HTTP API: confirming an email, changing the
 * password and the email, and resetting a forgotten password. `createUsersApp` runs on a
 * fresh database (real Postgres when MARQUEE_TEST_POSTGRES_URL is set, PGlite otherwise);
 * the links' tokens are read from the events that would mail them, as the mailer does.
 */
import assert from "node:assert/strict";
import { loadConfig } from "@marquee/config";
import {
  TOPICS,
  UserEmailChanged,
  UserEmailVerificationRequested,
  UserPasswordChanged,
  UserPasswordResetRequested,
} from "@marquee/contracts";
import { decodeData, Envelope, type EventDef } from "@marquee/events";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { testDatabase } from "@marquee/testing";
import type { z } from "zod";
import { createUsersApp, USERS_MIGRATIONS } from "../../services/users/app.ts";
import { UsersEnv } from "../../services/users/config.ts";

const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new pass phrase";

const ENV = {
  SERVICE_NAME: "users",
  PORT: "0",
  KEY_ENCRYPTION_SECRET: "integration-test-secret-of-at-least-32-chars",
  TRUST_PROXY: "true",
  PASSWORD_HASH_MEMORY_KIB: "1024",
  PASSWORD_HASH_TIME_COST: "1",
};

async function start() {
  const db = await testDatabase([USERS_MIGRATIONS]);
  let now = new Date();
  const built = await createUsersApp({
    sql: db.sql,
    config: loadConfig(UsersEnv, ENV),
    logger: createLogger({ service: "users", level: "error", sink: () => {} }),
    registry: new Registry(),
    clock: () => now,
  });
  let address = 0;
  const api = async (
    method: string,
    path: string,
    options: { json?: unknown; token?: string; cookie?: string } = {},
  ) => {
    // Each call from its own address, so the per-address login throttle stays out of it.
    const headers = new Headers({ "x-forwarded-for": `198.51.100.${++address % 250}` });
    if (options.token) headers.set("authorization", `Bearer ${options.token}`);
    if (options.cookie) headers.set("cookie", `marquee_refresh=${options.cookie}`);
    if (options.json !== undefined) headers.set("content-type", "application/json");
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const res = await built.app.request(path, { method, headers, body });
    const text = await res.text();
    return { res, status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    sql: db.sql,
    api,
    /** Moves the clock on. */
    advance(sec: number) {
      now = new Date(now.getTime() + sec * 1000);
    },
    async [Symbol.asyncDispose]() {
      await built.close();
      await db[Symbol.asyncDispose]();
    },
  };
}
type Harness = Awaited<ReturnType<typeof start>>;

/** The data of the newest event of `def` about `userId`, with its topic. */
async function lastEvent<S extends z.ZodType<Record<string, unknown>>>(
  s: Harness,
  def: EventDef<string, S>,
  userId: string,
): Promise<z.infer<S> & { topic: string }> {
  const rows = await s.sql<{ topic: string; envelope: unknown }[]>`select topic, envelope
    from outbox where type = ${def.type} and key = ${userId} order by seq desc limit 1`;
  assert.ok(rows[0], `no ${def.type} for ${userId}`);
  const data: z.infer<S> = decodeData(def, Envelope.parse(rows[0].envelope));
  return Object.assign({}, data, { topic: rows[0].topic });
}

async function signUp(s: Harness, email: string) {
  const r = await s.api("POST", "/api/auth/register", {
    json: { email, password: PASSWORD, displayName: "Ada Lovelace" },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.user as { id: string; email: string; emailVerified: boolean };
}

async function signIn(s: Harness, email: string, password = PASSWORD) {
  const r = await s.api("POST", "/api/auth/login", { json: { email, password } });
  const cookie = /^marquee_refresh=([^;]*)/.exec(r.res.headers.get("set-cookie") ?? "")?.[1];
  return { status: r.status, token: r.body?.accessToken as string, cookie: cookie ?? "" };
}

function assertField(
  r: { res: Response; body: { errors?: { field: string }[] } },
  field: string,
) {
  assert.equal(r.res.headers.get("content-type"), "application/problem+json");
  assert.ok(r.body.errors?.some((e) => e.field === field), JSON.stringify(r.body));
}

Deno.test("email verification after sign-up", async (t) => {
  await using s = await start();
  const user = await signUp(s, "ada@example.com");

  await t.step(
    "a new account is unconfirmed and its link goes out on the internal topic",
    async () => {
      assert.equal(user.emailVerified, false);
      const link = await lastEvent(s, UserEmailVerificationRequested, user.id);
      assert.equal(link.topic, TOPICS.accountMail);
      assert.equal(link.purpose, "verify");
      assert.equal(link.email, "ada@example.com");
      const stored = await s.sql<{ tokenHash: string }[]>`select token_hash from account_tokens`;
      assert.ok(stored.every((r) => r.tokenHash !== link.token), "only the hash is stored");
      const users = await s.sql`select 1 from outbox where topic = ${TOPICS.users}
      and envelope::text like ${`%${link.token}%`}`;
      assert.equal(users.length, 0, "the token is in no other event");
    },
  );

  await t.step("following the link confirms; the account shows it", async () => {
    const { token } = await lastEvent(s, UserEmailVerificationRequested, user.id);
    const r = await s.api("POST", "/api/auth/email/verify", { json: { token } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { email: "ada@example.com", changed: false });
    const session = await signIn(s, "ada@example.com");
    const me = await s.api("GET", "/api/me", { token: session.token });
    assert.equal(me.body.emailVerified, true);
    assert.equal(me.body.pendingEmail, null);
  });

  await t.step("the same link again is plainly refused, naming the token", async () => {
    const { token } = await lastEvent(s, UserEmailVerificationRequested, user.id);
    const r = await s.api("POST", "/api/auth/email/verify", { json: { token } });
    assert.equal(r.status, 410);
    assertField(r, "body.token");
    assert.match(r.body.detail, /already used/);
    const bad = await s.api("POST", "/api/auth/email/verify", { json: { token: "nope" } });
    assert.equal(bad.status, 400);
    assertField(bad, "body.token");
    const empty = await s.api("POST", "/api/auth/email/verify", { json: {} });
    assert.equal(empty.status, 422);
    assertField(empty, "body.token");
  });

  await t.step("resending: refused once confirmed, throttled when too soon", async () => {
    const session = await signIn(s, "ada@example.com");
    const confirmed = await s.api("POST", "/api/me/email/verification", { token: session.token });
    assert.equal(confirmed.status, 409);
    const other = await signUp(s, "bob@example.com");
    const bob = await signIn(s, other.email);
    const soon = await s.api("POST", "/api/me/email/verification", { token: bob.token });
    assert.equal(soon.status, 429);
    assert.ok(Number(soon.res.headers.get("retry-after")) > 0);
    s.advance(61);
    const again = await s.api("POST", "/api/me/email/verification", { token: bob.token });
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, { sentTo: "bob@example.com" });
  });
});

Deno.test("changing the password", async (t) => {
  await using s = await start();
  const user = await signUp(s, "cy@example.com");
  const phone = await signIn(s, user.email);
  const laptop = await signIn(s, user.email);

  await t.step("the current password is required and checked, naming the field", async () => {
    const wrong = await s.api("POST", "/api/me/password", {
      token: laptop.token,
      json: { currentPassword: "not it at all", newPassword: NEW_PASSWORD },
    });
    assert.equal(wrong.status, 422);
    assertField(wrong, "body.currentPassword");
    const weak = await s.api("POST", "/api/me/password", {
      token: laptop.token,
      json: { currentPassword: PASSWORD, newPassword: "short" },
    });
    assert.equal(weak.status, 422);
    assertField(weak, "body.newPassword");
    const missing = await s.api("POST", "/api/me/password", { token: laptop.token, json: {} });
    assert.equal(missing.status, 422);
    assertField(missing, "body.currentPassword");
  });

  await t.step("a change ends other sessions, keeps this one, and is announced", async () => {
    const r = await s.api("POST", "/api/me/password", {
      token: laptop.token,
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    assert.equal(r.status, 204, JSON.stringify(r.body));
    const cookie = /^marquee_refresh=([^;]+);/.exec(r.res.headers.get("set-cookie") ?? "")?.[1];
    assert.ok(cookie, "this session gets a new refresh cookie");
    assert.equal((await s.api("POST", "/api/auth/refresh", { cookie: phone.cookie })).status, 401);
    assert.equal((await s.api("POST", "/api/auth/refresh", { cookie: laptop.cookie })).status, 401);
    assert.equal((await s.api("POST", "/api/auth/refresh", { cookie })).status, 200);
    assert.equal((await signIn(s, user.email)).status, 401);
    assert.equal((await signIn(s, user.email, NEW_PASSWORD)).status, 200);
    const event = await lastEvent(s, UserPasswordChanged, user.id);
    assert.equal(event.via, "changed");
    assert.equal(event.topic, TOPICS.users);
  });

  await t.step("wrong current passwords are throttled like logins", async () => {
    const session = await signIn(s, user.email, NEW_PASSWORD);
    let last = 0;
    for (let i = 0; i < 6; i++) {
      last = (await s.api("POST", "/api/me/password", {
        token: session.token,
        json: { currentPassword: `guess number ${i}`, newPassword: PASSWORD },
      })).status;
    }
    assert.equal(last, 429);
  });
});

Deno.test("forgotten password", async (t) => {
  await using s = await start();
  const user = await signUp(s, "dee@example.com");
  const session = await signIn(s, user.email);

  await t.step("the answer is the same whether or not the account exists", async () => {
    const known = await s.api("POST", "/api/auth/password/forgot", {
      json: { email: " DEE@example.com " },
    });
    const unknown = await s.api("POST", "/api/auth/password/forgot", {
      json: { email: "nobody@example.com" },
    });
    assert.equal(known.status, 202);
    assert.equal(unknown.status, 202);
    assert.deepEqual(known.body, unknown.body);
    const link = await lastEvent(s, UserPasswordResetRequested, user.id);
    assert.equal(link.topic, TOPICS.accountMail);
    assert.equal(link.email, "dee@example.com");
    const bad = await s.api("POST", "/api/auth/password/forgot", { json: { email: "nope" } });
    assert.equal(bad.status, 422);
    assertField(bad, "body.email");
  });

  await t.step("asking again at once sends nothing more but answers the same", async () => {
    const count = async () =>
      (await s.sql`select 1 from outbox where type = 'user.password_reset_requested'`).length;
    const before = await count();
    const r = await s.api("POST", "/api/auth/password/forgot", { json: { email: user.email } });
    assert.equal(r.status, 202);
    assert.equal(await count(), before);
  });

  await t.step("a weak password is refused without using up the link", async () => {
    const { token } = await lastEvent(s, UserPasswordResetRequested, user.id);
    const weak = await s.api("POST", "/api/auth/password/reset", {
      json: { token, password: "dee@example.com1" },
    });
    assert.equal(weak.status, 422);
    assertField(weak, "body.password");
  });

  await t.step("the link sets a new password once and ends every session", async () => {
    const { token } = await lastEvent(s, UserPasswordResetRequested, user.id);
    const r = await s.api("POST", "/api/auth/password/reset", {
      json: { token, password: NEW_PASSWORD },
    });
    assert.equal(r.status, 204, JSON.stringify(r.body));
    assert.equal(
      (await s.api("POST", "/api/auth/refresh", { cookie: session.cookie })).status,
      401,
    );
    assert.equal((await signIn(s, user.email, NEW_PASSWORD)).status, 200);
    assert.equal((await lastEvent(s, UserPasswordChanged, user.id)).via, "reset");
    const again = await s.api("POST", "/api/auth/password/reset", {
      json: { token, password: "yet another pass phrase" },
    });
    assert.equal(again.status, 410);
    assertField(again, "body.token");
    assert.match(again.body.detail, /already used/);
  });

  await t.step("a link expires after 30 minutes", async () => {
    s.advance(120);
    await s.api("POST", "/api/auth/password/forgot", { json: { email: user.email } });
    const { token } = await lastEvent(s, UserPasswordResetRequested, user.id);
    s.advance(30 * 60 + 1);
    const r = await s.api("POST", "/api/auth/password/reset", {
      json: { token, password: "yet another pass phrase" },
    });
    assert.equal(r.status, 410);
    assert.match(r.body.detail, /expired/);
  });

  await t.step("a confirmation link cannot reset a password", async () => {
    const { token } = await lastEvent(s, UserEmailVerificationRequested, user.id);
    const r = await s.api("POST", "/api/auth/password/reset", {
      json: { token, password: "yet another pass phrase" },
    });
    assert.equal(r.status, 400);
  });
});

Deno.test("changing the email", async (t) => {
  await using s = await start();
  const user = await signUp(s, "eve@example.com");
  await signUp(s, "taken@example.com");
  const session = await signIn(s, user.email);
  const change = (json: Record<string, unknown>) =>
    s.api("POST", "/api/me/email", { token: session.token, json });

  await t.step("bad requests name the field", async () => {
    const wrong = await change({ newEmail: "eve@new.example", currentPassword: "not it at all" });
    assert.equal(wrong.status, 422);
    assertField(wrong, "body.currentPassword");
    const taken = await change({ newEmail: "Taken@example.com", currentPassword: PASSWORD });
    assert.equal(taken.status, 409);
    assertField(taken, "body.newEmail");
    const same = await change({ newEmail: "eve@example.com", currentPassword: PASSWORD });
    assert.equal(same.status, 422);
    assertField(same, "body.newEmail");
    const bad = await change({ newEmail: "not an email", currentPassword: PASSWORD });
    assert.equal(bad.status, 422);
    assertField(bad, "body.newEmail");
  });

  await t.step("the change waits for the link mailed to the new address", async () => {
    const r = await change({ newEmail: "Eve@New.example", currentPassword: PASSWORD });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.deepEqual(r.body, { pendingEmail: "eve@new.example" });
    const link = await lastEvent(s, UserEmailVerificationRequested, user.id);
    assert.equal(link.purpose, "change");
    assert.equal(link.email, "eve@new.example");
    const me = await s.api("GET", "/api/me", { token: session.token });
    assert.equal(me.body.email, "eve@example.com");
    assert.equal(me.body.pendingEmail, "eve@new.example");
  });

  await t.step("following it moves the account, confirmed, and tells the old address", async () => {
    const { token } = await lastEvent(s, UserEmailVerificationRequested, user.id);
    const r = await s.api("POST", "/api/auth/email/verify", { json: { token } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { email: "eve@new.example", changed: true });
    const changed = await lastEvent(s, UserEmailChanged, user.id);
    assert.equal(changed.previousEmail, "eve@example.com");
    assert.equal(changed.email, "eve@new.example");
    assert.equal(changed.topic, TOPICS.users);
    assert.equal((await signIn(s, "eve@example.com")).status, 401);
    const fresh = await signIn(s, "eve@new.example");
    const me = await s.api("GET", "/api/me", { token: fresh.token });
    assert.equal(me.body.emailVerified, true);
    assert.equal(me.body.pendingEmail, null);
  });

  await t.step("an address taken while its link waited is refused, naming the token", async () => {
    s.advance(61);
    const fresh = await signIn(s, "eve@new.example");
    const r = await s.api("POST", "/api/me/email", {
      token: fresh.token,
      json: { newEmail: "late@example.com", currentPassword: PASSWORD },
    });
    assert.equal(r.status, 202);
    const { token } = await lastEvent(s, UserEmailVerificationRequested, user.id);
    await signUp(s, "late@example.com");
    const verify = await s.api("POST", "/api/auth/email/verify", { json: { token } });
    assert.equal(verify.status, 409);
    assertField(verify, "body.token");
  });
});
