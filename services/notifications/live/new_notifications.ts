/**
 * What one live stream has not sent yet. Announcements name the new notification, which is
 * read by id; after a poll or a reconnect the stream reads everything after the newest one
 * it knows. Ids already sent are skipped, so a notification goes out once per stream.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { LiveChange } from "@marquee/live";
import {
  findNotifications,
  newestNotification,
  type NotificationCursor,
  type NotificationRow,
  notificationsAfter,
} from "../db/notifications.ts";

/** Most notifications read for one wake-up; a stream far behind reloads the list anyway. */
const MAX_READ = 50;

/** One stream's reader of new notifications. */
export interface NewNotifications {
  /** Marks everything stored now as known; call once subscribed to the hub. */
  start(): Promise<void>;
  /** The notifications `change` brought that this stream has not sent, oldest first. */
  read(change: LiveChange): Promise<NotificationRow[]>;
}

/** Creates the reader for `userId`'s stream. */
export function newNotifications(sql: Sql, userId: string): NewNotifications {
  let newest: NotificationCursor | undefined;
  const sent = new Set<string>();
  const later = (a: NotificationCursor, row: NotificationRow) =>
    row.createdAt.getTime() > a.at.getTime() ||
    (row.createdAt.getTime() === a.at.getTime() && row.id > a.id);
  return {
    async start() {
      newest = await newestNotification(sql, userId);
    },
    async read(change) {
      const rows = [
        ...(change.all ? await notificationsAfter(sql, userId, newest, MAX_READ) : []),
        ...await findNotifications(sql, userId, change.refs.slice(0, MAX_READ)),
      ];
      const fresh: NotificationRow[] = [];
      for (const row of rows) {
        if (sent.has(row.id)) continue;
        sent.add(row.id);
        fresh.push(row);
        if (!newest || later(newest, row)) newest = { at: row.createdAt, id: row.id };
      }
      return fresh;
    },
  };
}
