/**
 * Queries on `entitlements`.
 * @module
 */
import type { Sql, Tx } from "@marquee/db";
import type { Entitlement, SourceKind } from "../domain/entitlements.ts";

/**
 * Serialises changes to one user's entitlements, so the access answers written to the cache
 * after each change land in the order the changes commit.
 */
export async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`entitlements:${userId}`}, 0))`;
}

/** Every entitlement a source (an order) gave, oldest first. */
export async function findBySource(
  tx: Tx | Sql,
  kind: SourceKind,
  sourceId: string,
): Promise<Entitlement[]> {
  return await tx<Entitlement[]>`select * from entitlements
    where source_kind = ${kind} and source_id = ${sourceId} order by granted_at, product_id`;
}

/** Inserts new entitlements. */
export async function insertEntitlements(tx: Tx, rows: Entitlement[]): Promise<void> {
  for (const e of rows) {
    await tx`insert into entitlements (id, user_id, product_id, source_kind, source_id,
        product_title, product_type, creator_id, licence_keys, granted_at)
      values (${e.id}, ${e.userId}, ${e.productId}, ${e.sourceKind}, ${e.sourceId},
        ${e.productTitle}, ${e.productType}, ${e.creatorId}, ${e.licenceKeys}, ${e.grantedAt})`;
  }
}

/** Stamps entitlements as revoked. */
export async function revokeEntitlements(
  tx: Tx,
  ids: string[],
  at: Date,
  reason: string,
): Promise<void> {
  if (ids.length === 0) return;
  await tx`update entitlements set revoked_at = ${at}, revoke_reason = ${reason}
    where id in ${tx(ids)} and revoked_at is null`;
}

/** The products among `productIds` the user still has any entitlement in force for. */
export async function productsInForce(
  tx: Tx | Sql,
  userId: string,
  productIds: string[],
): Promise<Set<string>> {
  if (productIds.length === 0) return new Set();
  const rows = await tx<{ productId: string }[]>`select distinct product_id from entitlements
    where user_id = ${userId} and product_id in ${tx(productIds)} and revoked_at is null`;
  return new Set(rows.map((r) => r.productId));
}

/** Whether the user has an entitlement in force for the product. */
export async function isEntitled(sql: Sql, userId: string, productId: string): Promise<boolean> {
  const [row] = await sql<{ entitled: boolean }[]>`select exists (select 1 from entitlements
    where user_id = ${userId} and product_id = ${productId} and revoked_at is null) as entitled`;
  return row?.entitled ?? false;
}

/** One page of the ids of users holding the product, in id order, after `after`. */
export async function holdersPage(
  sql: Sql,
  productId: string,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  const rows = await sql<{ userId: string }[]>`select distinct user_id from entitlements
    where product_id = ${productId} and revoked_at is null
      ${after === undefined ? sql`` : sql`and user_id > ${after}`}
    order by user_id limit ${limit}`;
  return rows.map((r) => r.userId);
}

/** A product in a user's library: every entitlement in force for it, merged. */
export interface LibraryEntry {
  productId: string;
  title: string;
  type: string;
  creatorId: string;
  /** When the user first got it. */
  grantedAt: Date;
  licenceKeys: string[];
}

/** Where a library page starts: after this entry in newest-first order. */
export interface LibraryCursor {
  grantedAt: Date;
  productId: string;
}

/** One page of the user's library, newest first; `limit + 1` entries tell there is more. */
export async function libraryPage(
  sql: Sql,
  userId: string,
  options: { limit: number; after?: LibraryCursor },
): Promise<LibraryEntry[]> {
  const { limit, after } = options;
  const page = await sql<{ productId: string; grantedAt: Date }[]>`
    select product_id, min(granted_at) as granted_at from entitlements
    where user_id = ${userId} and revoked_at is null
    group by product_id
    ${
    after
      ? sql`having (min(granted_at), product_id) < (${after.grantedAt}::timestamptz, ${after.productId}::uuid)`
      : sql``
  }
    order by 2 desc, product_id desc
    limit ${limit + 1}`;
  if (page.length === 0) return [];
  const rows = await sql<Entitlement[]>`select * from entitlements
    where user_id = ${userId} and revoked_at is null
      and product_id in ${sql(page.map((p) => p.productId))}
    order by granted_at desc`;
  return page.map(({ productId, grantedAt }) => {
    const own = rows.filter((r) => r.productId === productId);
    // The newest purchase names the product as it was sold most recently.
    const latest = own[0]!;
    return {
      productId,
      title: latest.productTitle,
      type: latest.productType,
      creatorId: latest.creatorId,
      grantedAt,
      licenceKeys: [...new Set(own.flatMap((r) => r.licenceKeys))],
    };
  });
}
