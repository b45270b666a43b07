/**
 * Live alerts: on `stream.started` and `stream.starting_soon`, the creator's followers and
 * the holders of the stream's ticket or product are told, in the app and by email as their
 * `liveAlerts` preferences allow. Who they are is asked of the services that own the lists,
 * page by page; every alert writes a `live_alerts_sent` row keyed by (stream, kind, user) in
 * the event's transaction, so neither a redelivered nor a repeated event alerts anyone twice.
 * @module
 */
import { type StreamSnapshot, StreamStarted, StreamStartingSoon } from "@marquee/contracts";
import type { Tx } from "@marquee/db";
import { type Envelope, type EventHandler, on } from "@marquee/events";
import type { Logger } from "@marquee/log";
import type { AudienceClient } from "../audience_client.ts";
import { findRecipient } from "../db/recipients.ts";
import { audienceOf, isStale, type LiveAlertKind, minutesUntil } from "../domain/live_alerts.ts";
import { liveMessage, startingSoonMessage } from "../templates/live.ts";
import type { Notice } from "./notify.ts";

/** What the live-alert handlers need from the app. */
export interface LiveAlertDeps {
  logger: Logger;
  clock: () => Date;
  audience: AudienceClient;
  /** The public origin, for links. */
  publicUrl: string;
  notify(tx: Tx, envelope: Envelope, notice: Notice): Promise<void>;
}

/** The handlers of stream events that alert followers and holders. */
export function liveAlertHandlers(deps: LiveAlertDeps): EventHandler[] {
  const { clock, audience } = deps;
  const log = deps.logger.child({ component: "live_alerts" });

  async function alert(
    tx: Tx,
    envelope: Envelope,
    kind: LiveAlertKind,
    stream: StreamSnapshot,
  ): Promise<void> {
    const now = clock();
    if (isStale(kind, stream, now)) {
      log.info("Alert came too late, dropped", { streamId: stream.streamId, kind });
      return;
    }
    // Asked before anything is written; a failure throws and the event is retried whole.
    const [followers, holders] = await Promise.all([
      audience.followers(stream.creatorId),
      stream.access.kind === "free" ? [] : audience.holders(stream.access.productId),
    ]);
    const users = audienceOf(stream.creatorId, followers, holders);
    if (users.length === 0) return;
    const creatorName = (await findRecipient(tx, stream.creatorId))?.displayName || "A creator";
    const url = new URL(`/live/${stream.streamId}`, deps.publicUrl).href;
    const data = { streamId: stream.streamId, creatorId: stream.creatorId, url };
    const minutes = minutesUntil(stream.scheduledStart, now);
    const fresh = new Set(
      (await tx<{ userId: string }[]>`insert into live_alerts_sent (stream_id, user_id, kind,
          sent_at)
        select ${stream.streamId}, unnest(${users}::uuid[]), ${kind}, ${now}
        on conflict do nothing returning user_id`).map((r) => r.userId),
    );
    for (const userId of users) {
      if (!fresh.has(userId)) continue;
      const fields = { creatorName, title: stream.title, url };
      await deps.notify(tx, envelope, {
        userId,
        kind,
        data,
        render: (name) =>
          kind === "live" ? liveMessage({ name, ...fields }) : startingSoonMessage({
            name,
            ...fields,
            scheduledStart: stream.scheduledStart,
            minutes,
          }),
      });
    }
    log.info("Alerted followers and holders", {
      streamId: stream.streamId,
      kind,
      count: fresh.size,
    });
  }

  return [
    on(StreamStarted, (data, { tx, envelope }) => alert(tx, envelope, "live", data)),
    on(StreamStartingSoon, (data, { tx, envelope }) => alert(tx, envelope, "starting_soon", data)),
  ];
}
