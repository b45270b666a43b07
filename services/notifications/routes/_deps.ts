/**
 * What the route files need from the app.
 * @module
 */
import type { TicketSigner, Verifier } from "@marquee/auth";
import type { Sql } from "@marquee/db";
import type { LiveHub } from "@marquee/live";
import type { Logger } from "@marquee/log";
import type { MemoryMailer } from "../mail/memory_mailer.ts";

/** Dependencies shared by every resource router. */
export interface RouteDeps {
  sql: Sql;
  clock: () => Date;
  verifier: Verifier;
  logger: Logger;
  /** Wakes a user's streams when a notification for them commits on any instance. */
  hub: LiveHub;
  tickets: TicketSigner;
  /** Open streams register here so a draining server can end them. */
  streams: Set<() => void>;
  /** The embedded outbox folder, when mail goes there. */
  devMailer?: MemoryMailer;
}
