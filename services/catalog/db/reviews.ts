/**
 * Queries on `reviews`: one per buyer and product, listed newest first in keyset pages, with
 * the reviewer's name from the `creators` projection of users' display names.
 * @module
 */
import type { Tx } from "@marquee/db";

/** A stored review with its reviewer's display name. */
export interface ReviewRow {
  productId: string;
  buyerId: string;
  buyerName: string | null;
  rating: number;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The row after which the next page of reviews starts. */
export interface ReviewCursor {
  at: Date;
  buyerId: string;
}

/** A product's review count and average rating (null without reviews). */
export interface RatingSummary {
  count: number;
  average: number | null;
}

const select = (sql: Tx) =>
  sql`select r.product_id, r.buyer_id, c.display_name as buyer_name, r.rating, r.body,
      r.created_at, r.updated_at
    from reviews r left join creators c on c.id = r.buyer_id`;

/** Writes the buyer's review, or edits it; `created` tells which happened. */
export async function upsertReview(
  tx: Tx,
  review: { productId: string; buyerId: string; rating: number; body: string; at: Date },
): Promise<{ created: boolean }> {
  const [row] = await tx<{ created: boolean }[]>`insert into reviews
      (product_id, buyer_id, rating, body, created_at, updated_at)
    values (${review.productId}, ${review.buyerId}, ${review.rating}, ${review.body},
      ${review.at}, ${review.at})
    on conflict (product_id, buyer_id) do update set rating = excluded.rating,
      body = excluded.body, updated_at = excluded.updated_at
    returning (xmax = 0) as created`;
  return { created: row!.created };
}

/** The buyer's review of the product. */
export async function findReview(
  tx: Tx,
  productId: string,
  buyerId: string,
): Promise<ReviewRow | undefined> {
  const [row] = await tx<ReviewRow[]>`${select(tx)}
    where r.product_id = ${productId} and r.buyer_id = ${buyerId}`;
  return row;
}

/** A page of the product's reviews, newest first, after `after`. */
export async function listReviews(
  tx: Tx,
  productId: string,
  options: { after?: ReviewCursor; limit: number },
): Promise<ReviewRow[]> {
  const { after, limit } = options;
  const since = after ? tx`and (r.created_at, r.buyer_id) < (${after.at}, ${after.buyerId})` : tx``;
  return await tx<ReviewRow[]>`${select(tx)}
    where r.product_id = ${productId} ${since}
    order by r.created_at desc, r.buyer_id desc
    limit ${limit}`;
}

/** The product's review count and average, for the list's header. */
export async function ratingSummary(tx: Tx, productId: string): Promise<RatingSummary> {
  const [row] = await tx<{ count: number; average: string | null }[]>`select count(*)::int as count,
      round(avg(rating), 2) as average
    from reviews where product_id = ${productId}`;
  return { count: row?.count ?? 0, average: row?.average == null ? null : Number(row.average) };
}

/** The SQL of a product's rating summary as JSON, for the product view (`p` is products). */
export const ratingSql = (tx: Tx) =>
  tx`(select json_build_object('count', count(*)::int,
      'average', round(avg(r.rating), 2)) from reviews r where r.product_id = p.id)`;
