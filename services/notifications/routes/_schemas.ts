/**
 * Request and response schemas shared by several routes, named for /openapi.json.
 * @module
 */
import { z } from "@marquee/http";
import type { NotificationRow } from "../db/notifications.ts";
import { KINDS } from "../domain/preferences.ts";
export { problems } from "@marquee/http";

/** A JSON response body of `schema`. */
export const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });

/** An in-app notification as the API shows it. */
export const Notification = z.object({
  id: z.string().uuid(),
  kind: z.enum(KINDS),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()).describe(
    "What it is about: the order's ids and amounts, or the stream's id and creator",
  ),
  createdAt: z.string().datetime(),
  readAt: z.string().datetime().nullable(),
}).openapi("Notification");
export type Notification = z.infer<typeof Notification>;

/** The API shape of a stored notification. */
export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

const Channel = z.object({
  receipts: z.boolean(),
  refunds: z.boolean(),
  orderUpdates: z.boolean(),
  /** A followed creator (or a stream one holds a ticket to) is live or starts soon. */
  liveAlerts: z.boolean(),
});

/** A user's notification preferences. */
export const Preferences = z.object({ email: Channel, inApp: Channel }).openapi("Preferences");

/** A partial change of preferences; unknown keys are refused. */
export const PreferencesPatch = z.object({
  email: Channel.partial().strict().optional(),
  inApp: Channel.partial().strict().optional(),
}).strict().openapi("PreferencesPatch");
