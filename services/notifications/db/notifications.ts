/**
 * Queries on `notifications`, the in-app list of each user.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import type { Kind } from "../domain/preferences.ts";

/** An in-app notification as stored. */
export interface NotificationRow {
  id: string;
  userId: string;
  eventId: string;
  kind: Kind;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

/** What creating a notification needs. */
export type NewNotification = Omit<NotificationRow, "readAt">;

/** Inserts a notification; a second one for the same event, kind and user is ignored. */
export async function insertNotification(tx: Tx, n: NewNotification): Promise<boolean> {
  const rows = await tx`insert into notifications (id, user_id, event_id, kind, title, body,
      data, created_at)
    values (${n.id}, ${n.userId}, ${n.eventId}, ${n.kind}, ${n.title}, ${n.body},
      ${tx.json(n.data as never)}, ${n.createdAt})
    on conflict (event_id, kind, user_id) do nothing returning 1`;
  return rows.length > 0;
}

/** The live channel a new notification is announced on, keyed by its user. */
export const NOTIFICATIONS_CHANNEL = "notifications";

/** A user's notifications with these ids, oldest first. */
export async function findNotifications(
  sql: Sql,
  userId: string,
  ids: string[],
): Promise<NotificationRow[]> {
  if (ids.length === 0) return [];
  return await sql<NotificationRow[]>`select * from notifications
    where user_id = ${userId} and id = any(${ids}::uuid[]) order by created_at, id`;
}

/** A user's notifications after `after` (all when absent), oldest first. */
export async function notificationsAfter(
  sql: Sql,
  userId: string,
  after: NotificationCursor | undefined,
  limit: number,
): Promise<NotificationRow[]> {
  return await sql<NotificationRow[]>`select * from notifications
    where user_id = ${userId}
      ${after ? sql`and (created_at, id) > (${after.at}, ${after.id})` : sql``}
    order by created_at, id limit ${limit}`;
}

/** The position of a user's newest notification; undefined when there is none. */
export async function newestNotification(
  sql: Sql,
  userId: string,
): Promise<NotificationCursor | undefined> {
  const [row] = await sql<{ createdAt: Date; id: string }[]>`select created_at, id
    from notifications where user_id = ${userId} order by created_at desc, id desc limit 1`;
  return row && { at: row.createdAt, id: row.id };
}

/** The notification after which the next page starts. */
export interface NotificationCursor {
  at: Date;
  id: string;
}

/** One page of a user's notifications, newest first, after `cursor`. */
export async function listNotifications(
  sql: Sql,
  userId: string,
  options: { limit: number; after?: NotificationCursor; unreadOnly?: boolean },
): Promise<NotificationRow[]> {
  const { limit, after, unreadOnly = false } = options;
  return await sql<NotificationRow[]>`select * from notifications
    where user_id = ${userId}
      ${after ? sql`and (created_at, id) < (${after.at}, ${after.id})` : sql``}
      ${unreadOnly ? sql`and read_at is null` : sql``}
    order by created_at desc, id desc limit ${limit}`;
}

/** How many of a user's notifications are unread. */
export async function countUnread(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from notifications
    where user_id = ${userId} and read_at is null`;
  return row!.n;
}

/** Marks one of a user's notifications read; the row, or undefined when not theirs. */
export async function markRead(
  sql: Sql,
  userId: string,
  id: string,
  now: Date,
): Promise<NotificationRow | undefined> {
  const [row] = await sql<NotificationRow[]>`update notifications
    set read_at = coalesce(read_at, ${now})
    where id = ${id} and user_id = ${userId} returning *`;
  return row;
}

/** Marks all of a user's notifications read; how many changed. */
export async function markAllRead(sql: Sql, userId: string, now: Date): Promise<number> {
  const rows = await sql`update notifications set read_at = ${now}
    where user_id = ${userId} and read_at is null returning 1`;
  return rows.length;
}
