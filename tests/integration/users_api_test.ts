/**
 * The users service's HTTP API end to end: `createUsersApp` on a fresh database (real
 * Postgres when MARQUEE_TEST_POSTGRES_URL is set, PGlite otherwise), driven through
 * `app.request`.
 */
import assert from "node:assert/strict";
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  generateKeyPair,
  type JSONWebKeySet,
  jwtVerify,
  SignJWT,
  UnsecuredJWT,
} from "jose";
import { loadConfig } from "@marquee/config";
import { UserRegistered, UserRolesChanged, UserUpdated } from "@marquee/contracts";
import { decodeData, Envelope } from "@marquee/events";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { type TestDatabase, testDatabase } from "@marquee/testing";
import { createUsersApp, USERS_MIGRATIONS } from "../../services/users/app.ts";
import { UsersEnv } from "../../services/users/config.ts";

const ADMIN = { email: "root@marquee.test", password: "staff pass phrase for tests" };
const PASSWORD = "correct horse battery";
const BODY_LIMIT = 4096;

const BASE_ENV = {
  SERVICE_NAME: "users",
  PORT: "0",
  KEY_ENCRYPTION_SECRET: "integration-test-secret-of-at-least-32-chars",
  TRUST_PROXY: "true",
  PASSWORD_HASH_MEMORY_KIB: "1024",
  PASSWORD_HASH_TIME_COST: "1",
  BODY_LIMIT_BYTES: String(BODY_LIMIT),
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
};

type App = Awaited<ReturnType<typeof createUsersApp>>["app"];

interface CallOptions {
  json?: unknown;
  body?: string;
  token?: string;
  cookie?: string;
  address?: string;
}

/** A client for one app; every request comes from `address` through a trusted proxy. */
function client(app: App) {
  return async (method: string, path: string, options: CallOptions = {}) => {
    const headers = new Headers({ "x-forwarded-for": options.address ?? "198.51.100.7" });
    if (options.token) headers.set("authorization", `Bearer ${options.token}`);
    if (options.cookie) headers.set("cookie", `marquee_refresh=${options.cookie}`);
    let body = options.body;
    if (options.json !== undefined) body = JSON.stringify(options.json);
    if (body !== undefined) headers.set("content-type", "application/json");
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    return { res, status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}
type Client = ReturnType<typeof client>;

/** Builds an app; `db` is shared when given (another replica), else a fresh one is made. */
async function start(
  options: { db?: TestDatabase; env?: Record<string, string>; clock?: () => Date } = {},
) {
  const db = options.db ?? await testDatabase([USERS_MIGRATIONS]);
  const config = loadConfig(UsersEnv, { ...BASE_ENV, ...options.env });
  const logger = createLogger({ service: "users", level: "error", sink: () => {} });
  const built = await createUsersApp({
    sql: db.sql,
    config,
    logger,
    registry: new Registry(),
    clock: options.clock,
  });
  const api = client(built.app);
  return {
    db,
    sql: db.sql,
    app: built.app,
    api,
    async [Symbol.asyncDispose]() {
      await built.close();
      if (!options.db) await db[Symbol.asyncDispose]();
    },
  };
}

async function register(api: Client, email: string, extra: Record<string, unknown> = {}) {
  const r = await api("POST", "/api/auth/register", {
    json: { email, password: PASSWORD, displayName: email.split("@")[0], ...extra },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.user as { id: string; email: string; roles: string[] };
}

async function login(api: Client, email: string, password = PASSWORD) {
  const r = await api("POST", "/api/auth/login", { json: { email, password } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return {
    accessToken: r.body.accessToken as string,
    refreshToken: cookieValue(r.res),
    user: r.body.user as { id: string; roles: string[] },
  };
}

function cookieValue(res: Response): string {
  const match = /^marquee_refresh=([^;]*)/.exec(res.headers.get("set-cookie") ?? "");
  assert.ok(match, "no refresh cookie");
  return match[1]!;
}

async function outbox(sql: TestDatabase["sql"], type?: string) {
  const rows = await sql<{ topic: string; key: string; type: string; envelope: unknown }[]>`
    select topic, key, type, envelope from outbox order by seq`;
  return rows.filter((r) => !type || r.type === type).map((r) => ({
    ...r,
    envelope: Envelope.parse(r.envelope),
  }));
}

Deno.test("register", async (t) => {
  await using s = await start();
  const { api, sql } = s;

  await t.step("201 with a normalized email, buyer role, and a user.registered event", async () => {
    const r = await api("POST", "/api/auth/register", {
      json: { email: "  Ann.Lee@Example.COM ", password: PASSWORD, displayName: " Ann " },
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.user.email, "ann.lee@example.com");
    assert.equal(r.body.user.displayName, "Ann");
    assert.deepEqual(r.body.user.roles, ["buyer"]);
    assert.equal(r.body.user.passwordHash, undefined);
    const [event] = (await outbox(sql, "user.registered")).filter((e) => e.key === r.body.user.id);
    assert.ok(event);
    assert.equal(event.topic, "marquee.users");
    assert.equal(event.envelope.specversion, "1.0");
    assert.equal(event.envelope.subject, r.body.user.id);
    assert.equal(event.envelope.source, "/marquee/users");
    const data = decodeData(UserRegistered, event.envelope);
    assert.deepEqual(data.roles, ["buyer"]);
    assert.equal(data.email, "ann.lee@example.com");
    const [row] = await sql<{ passwordHash: string }[]>`
      select password_hash from users where id = ${r.body.user.id}`;
    assert.match(row!.passwordHash, /^\$argon2id\$/);
  });

  await t.step("creator is granted when asked", async () => {
    const user = await register(api, "maker@example.com", { role: "creator" });
    assert.deepEqual(user.roles, ["buyer", "creator"]);
  });

  await t.step("409 for a taken email, whatever its case, and no outbox row", async () => {
    const before = (await outbox(sql)).length;
    const r = await api("POST", "/api/auth/register", {
      json: { email: "ANN.LEE@example.com", password: PASSWORD, displayName: "Other" },
    });
    assert.equal(r.status, 409);
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
    assert.equal(r.body.title, "Conflict");
    assert.equal((await outbox(sql)).length, before);
  });

  const invalid = async (json: Record<string, unknown>, field: string) => {
    const before = (await outbox(sql)).length;
    const r = await api("POST", "/api/auth/register", {
      json: { email: "new@example.com", password: PASSWORD, displayName: "New", ...json },
    });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
    assert.ok(
      r.body.errors.some((e: { field: string }) => e.field === field),
      JSON.stringify(r.body.errors),
    );
    assert.equal((await outbox(sql)).length, before);
    return r.body;
  };

  await t.step("422 naming body.password for weak passwords", async () => {
    await invalid({ password: "short" }, "body.password");
    await invalid({ password: "password123" }, "body.password");
    await invalid({ password: "new-password-of-new" }, "body.password");
    await invalid({ password: "x".repeat(2000) }, "body.password");
  });

  await t.step("422 naming the other bad fields", async () => {
    await invalid({ email: "not-an-email" }, "body.email");
    await invalid({ displayName: undefined }, "body.displayName");
    await invalid({ displayName: "   " }, "body.displayName");
    const body = await invalid({ role: "admin" }, "body.role");
    assert.match(body.detail, /"body\.role"/);
    await invalid({ role: "moderator" }, "body.role");
  });

  await t.step("a body over the limit is refused with 413", async () => {
    const r = await api("POST", "/api/auth/register", {
      body: JSON.stringify({
        email: "big@example.com",
        password: PASSWORD,
        displayName: "x".repeat(BODY_LIMIT),
      }),
    });
    assert.equal(r.status, 413);
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
  });

  await t.step("malformed JSON is a 400 problem", async () => {
    const r = await api("POST", "/api/auth/register", { body: "{nope" });
    assert.equal(r.status, 400);
  });
});

Deno.test("login", async (t) => {
  await using s = await start();
  const { api, sql } = s;
  await register(api, "bea@example.com");

  await t.step("200 with an access token and a locked-down refresh cookie", async () => {
    const r = await api("POST", "/api/auth/login", {
      json: { email: " BEA@example.com", password: PASSWORD },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.tokenType, "Bearer");
    assert.equal(r.body.expiresIn, 900);
    assert.equal(r.body.user.email, "bea@example.com");
    assert.equal(r.body.refreshToken, undefined);
    const cookie = r.res.headers.get("set-cookie")!;
    assert.match(cookie, /^marquee_refresh=[\w-]{43};/);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, /; Path=\/api\/auth/);
    assert.match(cookie, /; Max-Age=2592000/);
    const [stored] = await sql<{ tokenHash: string }[]>`select token_hash from refresh_tokens`;
    assert.notEqual(stored!.tokenHash, cookieValue(r.res));
  });

  await t.step("401 with the same body for a wrong password and an unknown email", async () => {
    const wrong = await api("POST", "/api/auth/login", {
      json: { email: "bea@example.com", password: "not the password" },
      address: "192.0.2.1",
    });
    const unknown = await api("POST", "/api/auth/login", {
      json: { email: "nobody@example.com", password: "not the password" },
      address: "192.0.2.1",
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.detail, "Email or password is incorrect");
    assert.equal(wrong.res.headers.get("set-cookie"), null);
  });

  await t.step("422 for a missing password", async () => {
    const r = await api("POST", "/api/auth/login", { json: { email: "bea@example.com" } });
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].field, "body.password");
  });

  await t.step("a success clears the email's failures", async () => {
    await register(api, "cid@example.com");
    const fail = () =>
      api("POST", "/api/auth/login", { json: { email: "cid@example.com", password: "wrong!" } });
    for (let i = 0; i < 4; i++) assert.equal((await fail()).status, 401);
    await login(api, "cid@example.com");
    for (let i = 0; i < 4; i++) assert.equal((await fail()).status, 401);
  });

  await t.step("429 with Retry-After after five failures for one email", async () => {
    await register(api, "dot@example.com");
    for (let i = 0; i < 5; i++) {
      const r = await api("POST", "/api/auth/login", {
        json: { email: "dot@example.com", password: "wrong!" },
        address: `203.0.113.${i}`,
      });
      assert.equal(r.status, 401);
    }
    // Even the right password, from yet another address, is not checked now.
    const r = await api("POST", "/api/auth/login", {
      json: { email: "dot@example.com", password: PASSWORD },
      address: "203.0.113.99",
    });
    assert.equal(r.status, 429);
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
    const retryAfter = Number(r.res.headers.get("retry-after"));
    assert.ok(retryAfter > 800 && retryAfter <= 900, String(retryAfter));
    // Other accounts are not affected.
    await login(api, "bea@example.com");
  });

  await t.step("429 after twenty failures from one address, for any email", async () => {
    const address = "198.51.100.200";
    for (let i = 0; i < 20; i++) {
      const r = await api("POST", "/api/auth/login", {
        json: { email: `guess${i}@example.com`, password: "wrong!" },
        address,
      });
      assert.equal(r.status, 401);
    }
    const r = await api("POST", "/api/auth/login", {
      json: { email: "bea@example.com", password: PASSWORD },
      address,
    });
    assert.equal(r.status, 429);
    assert.ok(Number(r.res.headers.get("retry-after")) > 0);
  });
});

Deno.test("refresh and logout", async (t) => {
  // The strict rule: any replay of a rotated token is theft (the grace is tested below).
  await using s = await start({ env: { REFRESH_REUSE_GRACE_SEC: "0" } });
  const { api, sql } = s;
  const user = await register(api, "eve@example.com");

  await t.step("refresh with the cookie rotates it and issues a new access token", async () => {
    const first = await login(api, "eve@example.com");
    const r = await api("POST", "/api/auth/refresh", { cookie: first.refreshToken });
    assert.equal(r.status, 200);
    assert.equal(r.body.tokenType, "Bearer");
    assert.equal(r.body.user.id, user.id);
    assert.equal(r.body.refreshToken, undefined);
    const next = cookieValue(r.res);
    assert.notEqual(next, first.refreshToken);
    assert.match(r.res.headers.get("set-cookie")!, /HttpOnly.*Secure.*SameSite=Strict/);
    const me = await api("GET", "/api/me", { token: r.body.accessToken });
    assert.equal(me.status, 200);
  });

  await t.step("reusing a rotated token revokes the whole family", async () => {
    const first = await login(api, "eve@example.com");
    const second = await api("POST", "/api/auth/refresh", {
      json: { refreshToken: first.refreshToken },
    });
    assert.equal(second.status, 200);
    const newest = second.body.refreshToken as string;
    assert.equal(newest, cookieValue(second.res));

    const replay = await api("POST", "/api/auth/refresh", { cookie: first.refreshToken });
    assert.equal(replay.status, 401);
    assert.match(replay.res.headers.get("set-cookie")!, /^marquee_refresh=;.*Max-Age=0/);
    const after = await api("POST", "/api/auth/refresh", { cookie: newest });
    assert.equal(after.status, 401);
    const [family] = await sql<{ familyId: string }[]>`
      select family_id from refresh_tokens where used_at is not null
      order by created_at desc limit 1`;
    const open = await sql`select 1 from refresh_tokens
      where family_id = ${family!.familyId} and revoked_at is null`;
    assert.equal(open.length, 0);
  });

  await t.step("other sessions of the user survive a revoked family", async () => {
    const a = await login(api, "eve@example.com");
    const b = await login(api, "eve@example.com");
    await api("POST", "/api/auth/refresh", { cookie: a.refreshToken });
    await api("POST", "/api/auth/refresh", { cookie: a.refreshToken });
    const r = await api("POST", "/api/auth/refresh", { cookie: b.refreshToken });
    assert.equal(r.status, 200);
  });

  await t.step("401 for a missing, unknown or expired refresh token", async () => {
    assert.equal((await api("POST", "/api/auth/refresh")).status, 401);
    const unknown = await api("POST", "/api/auth/refresh", { cookie: "x".repeat(43) });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.detail, "Refresh token is invalid, expired or revoked");
    // A replica whose clock is two hours behind issues a token that is already expired.
    await using past = await start({
      db: s.db,
      env: { REFRESH_TOKEN_TTL_SEC: "3600" },
      clock: () => new Date(Date.now() - 2 * 3600_000),
    });
    const old = await login(past.api, "eve@example.com");
    const r = await api("POST", "/api/auth/refresh", { cookie: old.refreshToken });
    assert.equal(r.status, 401);
  });

  await t.step("logout revokes the session and clears the cookie", async () => {
    const session = await login(api, "eve@example.com");
    const r = await api("POST", "/api/auth/logout", { cookie: session.refreshToken });
    assert.equal(r.status, 204);
    assert.match(r.res.headers.get("set-cookie")!, /^marquee_refresh=;.*Max-Age=0/);
    const again = await api("POST", "/api/auth/refresh", { cookie: session.refreshToken });
    assert.equal(again.status, 401);
    const body = await login(api, "eve@example.com");
    const byBody = await api("POST", "/api/auth/logout", {
      json: { refreshToken: body.refreshToken },
    });
    assert.equal(byBody.status, 204);
    assert.equal((await api("POST", "/api/auth/logout")).status, 204);
  });
});

Deno.test("two tabs refreshing at once both stay signed in; a late replay still revokes", async () => {
  let now = Date.now();
  await using s = await start({ clock: () => new Date(now) });
  const { api, sql } = s;
  await register(api, "tabs@example.com");
  const first = await login(api, "tabs@example.com");
  // Both tabs send the same cookie; the second arrives just after the first rotated it.
  const tabA = await api("POST", "/api/auth/refresh", { cookie: first.refreshToken });
  now += 2_000;
  const tabB = await api("POST", "/api/auth/refresh", { cookie: first.refreshToken });
  assert.equal(tabA.status, 200);
  assert.equal(tabB.status, 200);
  const a = cookieValue(tabA.res);
  const b = cookieValue(tabB.res);
  assert.notEqual(a, b);
  // Each tab's new token works.
  now += 1_000;
  assert.equal((await api("POST", "/api/auth/refresh", { cookie: b })).status, 200);
  // The first token replayed long after its rotation is theft: the family ends.
  now += 60_000;
  const late = await api("POST", "/api/auth/refresh", { cookie: first.refreshToken });
  assert.equal(late.status, 401);
  assert.equal((await api("POST", "/api/auth/refresh", { cookie: a })).status, 401);
  // This database holds this one session only: every token of the family is revoked.
  const open = await sql`select 1 from refresh_tokens where revoked_at is null`;
  assert.equal(open.length, 0);
});

Deno.test("access tokens and the JWKS", async (t) => {
  await using s = await start();
  const { api } = s;
  const user = await register(api, "fay@example.com", { role: "creator" });
  const { accessToken } = await login(api, "fay@example.com");
  const jwksRes = await api("GET", "/.well-known/jwks.json");

  await t.step("the JWKS publishes Ed25519 public keys for signing, cacheable", () => {
    assert.equal(jwksRes.status, 200);
    assert.equal(jwksRes.res.headers.get("cache-control"), "public, max-age=300");
    const [key, ...rest] = jwksRes.body.keys;
    assert.equal(rest.length, 0);
    assert.equal(key.kty, "OKP");
    assert.equal(key.crv, "Ed25519");
    assert.equal(key.alg, "EdDSA");
    assert.equal(key.use, "sig");
    assert.ok(key.kid);
    assert.equal(key.d, undefined);
  });

  await t.step("a token verifies against the JWKS and carries the expected claims", async () => {
    const jwks = jwksRes.body as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(accessToken, createLocalJWKSet(jwks), {
      issuer: "http://localhost:8000",
      audience: "marquee",
    });
    assert.equal(protectedHeader.alg, "EdDSA");
    assert.equal(protectedHeader.kid, jwks.keys[0]!.kid);
    assert.equal(payload.sub, user.id);
    assert.deepEqual(payload.roles, ["buyer", "creator"]);
    assert.equal(payload.email, "fay@example.com");
    assert.equal(payload.name, "fay");
    assert.equal(payload.exp! - payload.iat!, 900);
    assert.ok(payload.jti);
  });

  await t.step("GET /api/me answers the profile", async () => {
    const r = await api("GET", "/api/me", { token: accessToken });
    assert.equal(r.status, 200);
    assert.equal(r.body.id, user.id);
    assert.equal(r.body.email, "fay@example.com");
  });

  const refused = async (token: string | undefined, detail: RegExp) => {
    const r = await api("GET", "/api/me", { token });
    assert.equal(r.status, 401);
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
    assert.match(r.body.detail, detail);
  };

  await t.step("401 without a token or with a malformed one", async () => {
    await refused(undefined, /missing/);
    await refused("not-a-jwt", /malformed/);
  });

  await t.step("401 for a token signed by another key", async () => {
    const { kid } = decodeProtectedHeader(accessToken);
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await new SignJWT({ roles: ["admin"] })
      .setProtectedHeader({ alg: "EdDSA", kid })
      .setIssuer("http://localhost:8000").setAudience("marquee").setSubject(user.id)
      .setIssuedAt().setExpirationTime("5m").sign(privateKey);
    await refused(forged, /signature/);
    const unknownKid = await new SignJWT({ roles: ["admin"] })
      .setProtectedHeader({ alg: "EdDSA", kid: "someone-else" })
      .setIssuer("http://localhost:8000").setAudience("marquee").setSubject(user.id)
      .setIssuedAt().setExpirationTime("5m").sign(privateKey);
    await refused(unknownKid, /unknown key/);
  });

  await t.step("401 for an unsigned token (alg none)", async () => {
    const none = new UnsecuredJWT({ roles: ["admin"] })
      .setIssuer("http://localhost:8000").setAudience("marquee").setSubject(user.id)
      .setIssuedAt().setExpirationTime("5m").encode();
    await refused(none, /./);
  });

  await t.step("401 for an expired token", async () => {
    await using past = await start({
      db: s.db,
      clock: () => new Date(Date.now() - 3600_000),
    });
    const { accessToken: expired } = await login(past.api, "fay@example.com");
    await refused(expired, /expired/);
  });

  await t.step("401 for a token meant for another audience", async () => {
    await using other = await start({ db: s.db, env: { JWT_AUDIENCE: "elsewhere" } });
    const { accessToken: foreign } = await login(other.api, "fay@example.com");
    await refused(foreign, /not meant for this service/);
  });
});

Deno.test("profile", async (t) => {
  await using s = await start();
  const { api, sql } = s;
  const user = await register(api, "gus@example.com");
  const { accessToken: token } = await login(api, "gus@example.com");

  await t.step("PATCH /api/me updates the profile and emits user.updated", async () => {
    const r = await api("PATCH", "/api/me", {
      token,
      json: { displayName: "Gus G.", bio: "Makes films" },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.displayName, "Gus G.");
    assert.equal(r.body.bio, "Makes films");
    const events = await outbox(sql, "user.updated");
    assert.equal(events.length, 1);
    const data = decodeData(UserUpdated, events[0]!.envelope);
    assert.deepEqual(
      { userId: data.userId, displayName: data.displayName, bio: data.bio },
      { userId: user.id, displayName: "Gus G.", bio: "Makes films" },
    );
    const me = await api("GET", "/api/me", { token });
    assert.equal(me.body.bio, "Makes films");
  });

  await t.step("a PATCH that changes nothing emits nothing; null clears the bio", async () => {
    await api("PATCH", "/api/me", { token, json: { displayName: "Gus G." } });
    assert.equal((await outbox(sql, "user.updated")).length, 1);
    const r = await api("PATCH", "/api/me", { token, json: { bio: null } });
    assert.equal(r.body.bio, null);
    assert.equal((await outbox(sql, "user.updated")).length, 2);
  });

  await t.step("422 for bad fields, 401 without a token", async () => {
    const empty = await api("PATCH", "/api/me", { token, json: { displayName: "" } });
    assert.equal(empty.status, 422);
    assert.equal(empty.body.errors[0].field, "body.displayName");
    const long = await api("PATCH", "/api/me", { token, json: { bio: "x".repeat(1001) } });
    assert.equal(long.status, 422);
    assert.equal(long.body.errors[0].field, "body.bio");
    const extra = await api("PATCH", "/api/me", { token, json: { roles: ["admin"] } });
    assert.equal(extra.status, 422);
    assert.equal((await api("PATCH", "/api/me", { json: { bio: "x" } })).status, 401);
    assert.equal((await outbox(sql, "user.updated")).length, 2);
  });
});

Deno.test("admin", async (t) => {
  await using s = await start();
  const { api, sql } = s;
  const admin = await login(api, ADMIN.email, ADMIN.password);
  const names = ["hal", "ida", "jon", "kim", "alina"];
  const users: Awaited<ReturnType<typeof register>>[] = [];
  for (const name of names) users.push(await register(api, `${name}@example.com`));
  const buyer = await login(api, "hal@example.com");

  await t.step("the configured first admin exists with buyer and admin", async () => {
    assert.deepEqual(admin.user.roles, ["buyer", "admin"]);
    const [event] = await outbox(sql, "user.registered");
    assert.equal(decodeData(UserRegistered, event!.envelope).email, ADMIN.email);
  });

  await t.step("GET /api/users pages through everyone with a cursor, newest first", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const r = await api("GET", `/api/users${query}`, { token: admin.accessToken });
      assert.equal(r.status, 200);
      assert.ok(r.body.items.length <= 2);
      seen.push(...r.body.items.map((u: { id: string }) => u.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.equal(seen.length, 6);
    assert.equal(new Set(seen).size, 6);
    assert.equal(seen.at(-1), admin.user.id);
    const all = await api("GET", "/api/users", { token: admin.accessToken });
    assert.deepEqual(all.body.items.map((u: { id: string }) => u.id), seen);
    assert.equal(all.body.nextCursor, null);
  });

  await t.step("q searches emails and names", async () => {
    const r = await api("GET", "/api/users?q=ALI", { token: admin.accessToken });
    assert.deepEqual(r.body.items.map((u: { email: string }) => u.email), ["alina@example.com"]);
    const none = await api("GET", "/api/users?q=%25", { token: admin.accessToken });
    assert.equal(none.body.items.length, 0);
  });

  await t.step("422 for a bad limit or cursor; 401 and 403 for others", async () => {
    for (
      const [query, field] of [["limit=0", "query.limit"], ["limit=101", "query.limit"], [
        "limit=abc",
        "query.limit",
      ], ["cursor=bogus", "query.cursor"]]
    ) {
      const r = await api("GET", `/api/users?${query}`, { token: admin.accessToken });
      assert.equal(r.status, 422, String(query));
      assert.equal(r.body.errors[0].field, field);
    }
    assert.equal((await api("GET", "/api/users")).status, 401);
    const forbidden = await api("GET", "/api/users", { token: buyer.accessToken });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.res.headers.get("content-type"), "application/problem+json");
  });

  const target = () => users[0]!;
  const setRoles = (id: string, roles: unknown, token = admin.accessToken) =>
    api("PATCH", `/api/users/${id}/roles`, { token, json: { roles } });

  await t.step("PATCH roles changes them and emits user.roles_changed", async () => {
    const r = await setRoles(target().id, ["moderator", "buyer"]);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.roles, ["buyer", "moderator"]);
    const events = await outbox(sql, "user.roles_changed");
    assert.equal(events.length, 1);
    const data = decodeData(UserRolesChanged, events[0]!.envelope);
    assert.deepEqual(data.roles, ["buyer", "moderator"]);
    assert.deepEqual(data.previousRoles, ["buyer"]);
    assert.equal(data.changedBy, admin.user.id);
    assert.equal(events[0]!.envelope.subject, target().id);
  });

  await t.step("the next refresh carries the new roles", async () => {
    const r = await api("POST", "/api/auth/refresh", { cookie: buyer.refreshToken });
    assert.equal(r.status, 200);
    const jwks = (await api("GET", "/.well-known/jwks.json")).body;
    const { payload } = await jwtVerify(r.body.accessToken, createLocalJWKSet(jwks));
    assert.deepEqual(payload.roles, ["buyer", "moderator"]);
  });

  await t.step("the same roles again change nothing and emit nothing", async () => {
    const r = await setRoles(target().id, ["buyer", "moderator", "buyer"]);
    assert.equal(r.status, 200);
    assert.equal((await outbox(sql, "user.roles_changed")).length, 1);
  });

  await t.step("403 for a non-admin, 401 without a token", async () => {
    assert.equal((await setRoles(target().id, ["admin"], buyer.accessToken)).status, 403);
    const anonymous = await api("PATCH", `/api/users/${target().id}/roles`, {
      json: { roles: ["admin"] },
    });
    assert.equal(anonymous.status, 401);
  });

  await t.step("404 for an unknown user", async () => {
    const r = await setRoles(crypto.randomUUID(), ["buyer"]);
    assert.equal(r.status, 404);
    assert.equal(r.res.headers.get("content-type"), "application/problem+json");
  });

  await t.step("409 when an admin removes their own admin role", async () => {
    const r = await setRoles(admin.user.id, ["buyer"]);
    assert.equal(r.status, 409);
    const me = await api("GET", "/api/me", { token: admin.accessToken });
    assert.deepEqual(me.body.roles, ["buyer", "admin"]);
  });

  await t.step("422 for a non-uuid id, an unknown role or no roles", async () => {
    const badId = await setRoles("42", ["buyer"]);
    assert.equal(badId.status, 422);
    assert.equal(badId.body.errors[0].field, "param.id");
    const badRole = await setRoles(target().id, ["buyer", "overlord"]);
    assert.equal(badRole.status, 422);
    assert.equal(badRole.body.errors[0].field, "body.roles.1");
    assert.equal((await setRoles(target().id, [])).status, 422);
    assert.equal((await outbox(sql, "user.roles_changed")).length, 1);
  });

  await t.step(
    "an existing account named as first admin is granted admin at start-up",
    async () => {
      const user = users[1]!;
      await using replica = await start({
        db: s.db,
        env: { ADMIN_EMAIL: "ida@example.com", ADMIN_PASSWORD: "ignored for existing" },
      });
      const session = await login(replica.api, "ida@example.com");
      assert.deepEqual(session.user.roles, ["buyer", "admin"]);
      const events = await outbox(sql, "user.roles_changed");
      const data = decodeData(UserRolesChanged, events.at(-1)!.envelope);
      assert.deepEqual(data, {
        ...data,
        userId: user.id,
        previousRoles: ["buyer"],
        changedBy: null,
      });
    },
  );
});

Deno.test("signing-key rotation", async (t) => {
  await using s = await start();
  const { api, sql } = s;
  await register(api, "lou@example.com");
  const admin = await login(api, ADMIN.email, ADMIN.password);
  const old = await login(api, "lou@example.com");
  const oldKid = decodeProtectedHeader(old.accessToken).kid!;
  // A second replica on the same database, with the keys cached before the rotation.
  await using replica = await start({ db: s.db });
  assert.equal((await replica.api("GET", "/api/me", { token: old.accessToken })).status, 200);

  await t.step("only admins rotate", async () => {
    const r = await api("POST", "/api/admin/signing-keys/rotate", { token: old.accessToken });
    assert.equal(r.status, 403);
  });

  let newKid = "";
  await t.step("rotation activates a new key and keeps the old one published", async () => {
    const r = await api("POST", "/api/admin/signing-keys/rotate", { token: admin.accessToken });
    assert.equal(r.status, 201);
    assert.equal(r.body.alg, "EdDSA");
    newKid = r.body.kid;
    assert.notEqual(newKid, oldKid);
    const jwks = await api("GET", "/.well-known/jwks.json");
    assert.deepEqual(jwks.body.keys.map((k: { kid: string }) => k.kid), [newKid, oldKid]);
    const active = await sql`select kid from signing_keys where retired_at is null`;
    assert.deepEqual(active.map((k) => k.kid), [newKid]);
    const [sealed] = await sql<{ privateJwkEncrypted: string }[]>`
      select private_jwk_encrypted from signing_keys where kid = ${newKid}`;
    assert.match(sealed!.privateJwkEncrypted, /^v1\./);
  });

  await t.step("tokens of the old key stay valid; new ones carry the new kid", async () => {
    assert.equal((await api("GET", "/api/me", { token: old.accessToken })).status, 200);
    const fresh = await login(api, "lou@example.com");
    assert.equal(decodeProtectedHeader(fresh.accessToken).kid, newKid);
    assert.equal((await api("GET", "/api/me", { token: fresh.accessToken })).status, 200);
    // The replica has not seen the new key yet; it reloads instead of refusing.
    const r = await replica.api("GET", "/api/me", { token: fresh.accessToken });
    assert.equal(r.status, 200);
  });

  await t.step("start-up rotates a key older than SIGNING_KEY_MAX_AGE_DAYS", async () => {
    const later = () => new Date(Date.now() + 31 * 86_400_000);
    await using future = await start({ db: s.db, clock: later });
    const jwks = await future.api("GET", "/.well-known/jwks.json");
    const kids = jwks.body.keys.map((k: { kid: string }) => k.kid);
    assert.equal(kids.length, 2);
    assert.equal(kids[1], newKid);
    assert.ok(!kids.includes(oldKid));
    const fresh = await login(future.api, "lou@example.com");
    assert.equal(decodeProtectedHeader(fresh.accessToken).kid, kids[0]);
  });
});

Deno.test("the OpenAPI document describes every route", async () => {
  await using s = await start();
  const r = await s.api("GET", "/openapi.json");
  assert.equal(r.status, 200);
  const paths = r.body.paths;
  for (
    const [path, method] of [
      ["/api/auth/register", "post"],
      ["/api/auth/login", "post"],
      ["/api/auth/refresh", "post"],
      ["/api/auth/logout", "post"],
      ["/.well-known/jwks.json", "get"],
      ["/api/me", "get"],
      ["/api/me", "patch"],
      ["/api/users", "get"],
      ["/api/users/{id}/roles", "patch"],
      ["/api/admin/signing-keys/rotate", "post"],
    ] as const
  ) {
    assert.ok(paths[path]?.[method], `${method} ${path}`);
  }
  assert.deepEqual(paths["/api/me"].get.security, [{ bearer: [] }]);
  assert.deepEqual(paths["/api/users/{id}/roles"].patch.security, [{ bearer: [] }]);
  assert.equal(paths["/api/auth/login"].post.security, undefined);
  assert.ok(r.body.components.schemas.User);
});
