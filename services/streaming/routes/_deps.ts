/**
 * What the route files need from the app.
 * @module
 */
import type { TicketSigner, Verifier } from "@marquee/auth";
import type { Sql } from "@marquee/db";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import type { AccessClient } from "@marquee/auth/access";
import type { LiveHub } from "@marquee/live";
import type { StreamingConfig } from "../config.ts";
import type { MediaApi } from "../media_api.ts";

/** Dependencies shared by every resource router. */
export interface RouteDeps {
  sql: Sql;
  config: StreamingConfig;
  clock: () => Date;
  verifier: Verifier;
  /** Signs and checks playback tokens. */
  tickets: TicketSigner;
  /** Signs and checks presence tokens (a viewer who passed the access check is counted). */
  presenceTokens: TicketSigner;
  /** Who holds what, asked of the subscriptions service. */
  access: AccessClient;
  logger: Logger;
  registry: Registry;
  /** Wakes open event streams when a stream's status or viewers change (any instance). */
  hub: LiveHub;
  /** Ends each open event stream (the server drains). */
  eventStreams: Set<() => void>;
  /** The media server's control API. */
  media: MediaApi;
}

/** The channel a playback token is bound to. */
export const playbackChannel = (streamId: string) => `stream:${streamId}`;

/** The channel a presence token is bound to: never a playback token's. */
export const presenceChannel = (streamId: string) => `presence:${streamId}`;

/** A presence token outlives any one live: the page beats with it for as long as it plays. */
export const PRESENCE_TOKEN_TTL_SEC = 24 * 60 * 60;

/** The media server's path of a stream. */
export const mediaPath = (streamId: string) => `live/${streamId}`;

/**
 * Where the edge (the one public origin) proxies the media server's WebRTC and LL-HLS
 * servers: players use same-origin paths.
 */
export const EDGE_MEDIA = { webrtc: "/media/webrtc", hls: "/media/hls" } as const;
