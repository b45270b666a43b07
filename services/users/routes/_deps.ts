/**
 * What the route files need from the app.
 * @module
 */
import type { Verifier } from "@marquee/auth";
import type { Sql } from "@marquee/db";
import type { UsersConfig } from "../config.ts";
import type { KeyRing } from "../security/key_ring.ts";
import type { PasswordHasher } from "../security/passwords.ts";

/** Dependencies shared by every resource router. */
export interface RouteDeps {
  sql: Sql;
  config: UsersConfig;
  clock: () => Date;
  keys: KeyRing;
  verifier: Verifier;
  passwords: PasswordHasher;
}
