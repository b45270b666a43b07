/**
 * Queries on `follows`.
 * @module
 */
import type { Sql } from "@marquee/db";

/** Follows a creator; true when the row is new. */
export async function follow(sql: Sql, creatorId: string, followerId: string, at: Date) {
  const rows = await sql`insert into follows (creator_id, follower_id, created_at)
    values (${creatorId}, ${followerId}, ${at}) on conflict do nothing returning 1`;
  return rows.length > 0;
}

/** Stops following a creator; true when a row was removed. */
export async function unfollow(sql: Sql, creatorId: string, followerId: string) {
  const rows = await sql`delete from follows
    where creator_id = ${creatorId} and follower_id = ${followerId} returning 1`;
  return rows.length > 0;
}

/** How many follow the creator, and whether `viewerId` (when given) is one of them. */
export async function followerCount(
  sql: Sql,
  creatorId: string,
  viewerId: string | undefined,
): Promise<{ followers: number; following: boolean }> {
  const [row] = await sql<{ followers: number; following: boolean }[]>`select
      count(*)::int as followers,
      coalesce(bool_or(follower_id = ${viewerId ?? ""}), false) as following
    from follows where creator_id = ${creatorId}`;
  return row!;
}

/** One page of a creator's followers' ids, in id order, after `after`. */
export async function followersPage(
  sql: Sql,
  creatorId: string,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  const rows = await sql<{ followerId: string }[]>`select follower_id from follows
    where creator_id = ${creatorId} ${after === undefined ? sql`` : sql`and follower_id > ${after}`}
    order by follower_id limit ${limit}`;
  return rows.map((r) => r.followerId);
}
