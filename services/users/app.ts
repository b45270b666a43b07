/**
 * The users service: accounts, sign-in, sessions, mailed account links (address
 * confirmation, password reset) and the keys that sign access tokens.
 * Building the app ensures a signing key and the first admin; migrating, relaying the
 * outbox and listening are the runner's.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { type MigrationSource, ping, type Sql } from "@marquee/db";
import { createService, type HealthCheck } from "@marquee/http";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import type { UsersConfig } from "./config.ts";
import { accountLinkRoutes } from "./routes/account_links.ts";
import { authRoutes } from "./routes/auth.ts";
import { sessionRoutes } from "./routes/auth_session.ts";
import type { RouteDeps } from "./routes/_deps.ts";
import { meRoutes } from "./routes/me.ts";
import { meAccountRoutes } from "./routes/me_account.ts";
import { signingKeyRoutes } from "./routes/signing_keys.ts";
import { usersRoutes } from "./routes/users.ts";
import { wellKnownRoutes } from "./routes/well_known.ts";
import { createKeySealer } from "./security/key_encryption.ts";
import { createKeyRing } from "./security/key_ring.ts";
import { createPasswordHasher } from "./security/passwords.ts";
import { keyRingVerifier } from "./security/verifier.ts";
import { ensureFirstAdmin } from "./startup/first_admin.ts";

/** The service's own tables, migrated after the kit's. */
export const USERS_MIGRATIONS: MigrationSource = {
  name: "users",
  dir: new URL("./db/migrations/", import.meta.url),
};

/** What the users app is built from. */
export interface UsersAppDeps {
  sql: Sql;
  config: UsersConfig;
  logger: Logger;
  registry: Registry;
  clock?: () => Date;
  /** Readiness checks; a database ping when absent. */
  checks?: Record<string, HealthCheck>;
}

/** The built app and what to call on shutdown. */
export interface UsersApp {
  app: OpenAPIHono;
  close(): Promise<void>;
}

// A retired key stays published this long after the access-token lifetime: it covers
// replicas still signing with a cached key (one minute) and clock skew.
const RETIRED_KEY_MARGIN_SEC = 600;

/** Builds the users app on a migrated database. */
export async function createUsersApp(deps: UsersAppDeps): Promise<UsersApp> {
  const { sql, config, logger, registry, clock = () => new Date() } = deps;
  const keys = createKeyRing({
    sql,
    sealer: await createKeySealer(config.KEY_ENCRYPTION_SECRET),
    clock,
    maxAgeDays: config.SIGNING_KEY_MAX_AGE_DAYS,
    retiredPublishSec: config.ACCESS_TOKEN_TTL_SEC + RETIRED_KEY_MARGIN_SEC,
  });
  await keys.ensureActive();
  const passwords = createPasswordHasher({
    memoryKiB: config.PASSWORD_HASH_MEMORY_KIB,
    timeCost: config.PASSWORD_HASH_TIME_COST,
  });
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    await ensureFirstAdmin({
      sql,
      passwords,
      clock,
      logger,
      email: config.ADMIN_EMAIL,
      password: config.ADMIN_PASSWORD,
    });
  }
  const verifier = keyRingVerifier(keys, {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const routeDeps: RouteDeps = { sql, config, clock, keys, verifier, passwords };

  const { app } = createService({
    name: "users",
    logger,
    registry,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    checks: deps.checks ?? { database: () => ping(sql) },
  });
  app.route("/.well-known", wellKnownRoutes(routeDeps));
  app.route("/api/auth", authRoutes(routeDeps));
  app.route("/api/auth", sessionRoutes(routeDeps));
  app.route("/api/auth", accountLinkRoutes(routeDeps));
  app.route("/api/me", meRoutes(routeDeps));
  app.route("/api/me", meAccountRoutes(routeDeps));
  app.route("/api/users", usersRoutes(routeDeps));
  app.route("/api/admin/signing-keys", signingKeyRoutes(routeDeps));
  return { app, close: () => Promise.resolve() };
}
