/**
 * What the route files need from the app.
 * @module
 */
import type { Verifier } from "@marquee/auth";
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import type { Hub } from "../live/hub.ts";
import type { MemoryMailer } from "../mail/memory_mailer.ts";
import type { TicketSigner } from "../security/stream_ticket.ts";

/** Dependencies shared by every resource router. */
export interface RouteDeps {
  sql: Sql;
  clock: () => Date;
  verifier: Verifier;
  logger: Logger;
  hub: Hub;
  tickets: TicketSigner;
  /** Open streams register here so a draining server can end them. */
  streams: Set<() => void>;
  /** The embedded outbox folder, when mail goes there. */
  devMailer?: MemoryMailer;
}
