/**
 * Who may watch a stream, before any lookup: anyone when it is free; its creator, moderators
 * and admins always; for a ticketed or owners-only stream, a signed-in viewer who holds the
 * product (which the caller asks the subscriptions service about).
 * @module
 */
import type { Role } from "@marquee/auth";
import type { Stream } from "./stream.ts";

/** The viewer asking to watch: signed in or not. */
export interface Viewer {
  userId?: string;
  roles: readonly Role[];
}

/** What stands between a viewer and the stream. */
export type PlaybackRule =
  | { kind: "allow" }
  /** The stream is cancelled, or over without a replay ready: nothing to play. */
  | { kind: "gone" }
  /** A signed-out viewer of a paid stream: sign in (and hold `productId`). */
  | { kind: "sign_in"; productId: string }
  /** Allowed if the viewer holds `productId`. */
  | { kind: "entitlement"; userId: string; productId: string };

/**
 * Who may watch the stream, as far as can be told without asking who owns what. An ended
 * stream whose replay is ready is watched under the same rule as the live.
 */
export function playbackRule(
  stream: Stream,
  viewer: Viewer,
  options: { replayReady?: boolean } = {},
): PlaybackRule {
  const over = stream.status === "ended" && !options.replayReady;
  if (over || stream.status === "cancelled") return { kind: "gone" };
  const staff = viewer.roles.includes("admin") || viewer.roles.includes("moderator");
  if (stream.access.kind === "free" || staff || viewer.userId === stream.creatorId) {
    return { kind: "allow" };
  }
  const { productId } = stream.access;
  if (!viewer.userId) return { kind: "sign_in", productId };
  return { kind: "entitlement", userId: viewer.userId, productId };
}
