/**
 * What the route files need from the app.
 * @module
 */
import type { TicketSigner, Verifier } from "@marquee/auth";
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import type { AccessClient } from "@marquee/auth/access";
import type { StreamingConfig } from "../config.ts";

/** Dependencies shared by every resource router. */
export interface RouteDeps {
  sql: Sql;
  config: StreamingConfig;
  clock: () => Date;
  verifier: Verifier;
  /** Signs and checks playback tokens. */
  tickets: TicketSigner;
  /** Who holds what, asked of the subscriptions service. */
  access: AccessClient;
  logger: Logger;
  registry: Registry;
}

/** The channel a playback token is bound to. */
export const playbackChannel = (streamId: string) => `stream:${streamId}`;

/** The media server's path of a stream. */
export const mediaPath = (streamId: string) => `live/${streamId}`;
