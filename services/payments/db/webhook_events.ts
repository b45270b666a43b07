/**
 * Provider notifications already applied, so a redelivered webhook changes nothing.
 * @module
 */
import type { Tx } from "@marquee/db";

/** Records the event id; false when it was recorded before. */
export async function recordWebhookEvent(
  tx: Tx,
  event: { id: string; type: string },
  receivedAt: Date,
): Promise<boolean> {
  const rows = await tx`insert into webhook_events (id, type, received_at)
    values (${event.id}, ${event.type}, ${receivedAt}) on conflict do nothing returning 1`;
  return rows.length === 1;
}
