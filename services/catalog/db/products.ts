/**
 * Queries on the `products` table, and the product "view": a product with its creator's
 * name, file list, licence-key count and units taken, as the API shows it.
 * @module
 */
import type { ProductStatus, ProductType } from "@marquee/contracts";
import type { Sql, Tx } from "@marquee/db";
import type { BillingPeriod, TypeDetails } from "../domain/product_types.ts";
import { takenUnitsSql } from "./holds.ts";
import { ratingSql, type RatingSummary } from "./reviews.ts";

/** A stored product. */
export interface ProductRow {
  id: string;
  creatorId: string;
  type: ProductType;
  slug: string;
  title: string;
  description: string;
  descriptionHtml: string;
  priceAmount: number;
  priceCurrency: string;
  coverKey: string | null;
  category: string | null;
  tags: string[];
  status: ProductStatus;
  capacity: number | null;
  /** A live ticket's event: its start, zone and length (all null for other types). */
  eventStartsAt: Date | null;
  eventTimeZone: string | null;
  eventDurationMinutes: number | null;
  /** A membership's billing period and perks. */
  billingPeriod: BillingPeriod | null;
  perks: string[];
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

/** The type-specific fields of a row, as the domain reads them. */
export function detailsOf(p: ProductRow): TypeDetails {
  return {
    event: p.eventStartsAt && p.eventTimeZone
      ? {
        startsAt: p.eventStartsAt,
        timeZone: p.eventTimeZone,
        durationMinutes: p.eventDurationMinutes,
      }
      : null,
    membership: p.billingPeriod ? { period: p.billingPeriod, perks: p.perks } : null,
  };
}

/** A downloadable file as the API lists it. */
export interface FileSummary {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

/** A product with what its API shape needs from other tables. */
export interface ProductView extends ProductRow {
  creatorName: string | null;
  licenceKeys: number;
  taken: number;
  files: FileSummary[];
  /** Set when the buyer names the price: the price is then the minimum. */
  payWhatYouWant: { suggestedAmount: number | null } | null;
  /** Reviews by buyers: how many, and their average stars. */
  rating: RatingSummary;
}

/** The unique constraint a taken slug violates. */
export const SLUG_TAKEN = "products_slug_key";

const columns = (sql: Tx) =>
  sql`p.id, p.creator_id, p.type, p.slug, p.title, p.description, p.description_html,
    p.price_amount, p.price_currency, p.cover_key, p.category, p.tags, p.status, p.capacity,
    p.event_starts_at, p.event_time_zone, p.event_duration_minutes, p.billing_period, p.perks,
    p.created_at, p.updated_at, p.published_at`;

/** bigint arrives as a string; amounts are capped well below 2^53 by validation. */
function toRow<R extends { priceAmount: unknown }>(raw: R): R & { priceAmount: number } {
  return { ...raw, priceAmount: Number(raw.priceAmount) };
}

/** Inserts a product; rejects with a unique violation on {@linkcode SLUG_TAKEN}. */
export async function insertProduct(tx: Tx, p: ProductRow): Promise<void> {
  await tx`insert into products (id, creator_id, type, slug, title, description,
      description_html, price_amount, price_currency, cover_key, category, tags, status,
      capacity, event_starts_at, event_time_zone, event_duration_minutes, billing_period, perks,
      created_at, updated_at, published_at)
    values (${p.id}, ${p.creatorId}, ${p.type}, ${p.slug}, ${p.title}, ${p.description},
      ${p.descriptionHtml}, ${p.priceAmount}, ${p.priceCurrency}, ${p.coverKey}, ${p.category},
      ${tx.array(p.tags)}::text[], ${p.status}, ${p.capacity}, ${p.eventStartsAt},
      ${p.eventTimeZone}, ${p.eventDurationMinutes}, ${p.billingPeriod},
      ${tx.array(p.perks)}::text[], ${p.createdAt}, ${p.updatedAt}, ${p.publishedAt})`;
}

/** Slugs equal to `base` or `base-<suffix>`, to pick the next free one. */
export async function slugsLike(tx: Tx, base: string): Promise<string[]> {
  // A slug has only [a-z0-9-], none of them special to LIKE.
  const rows = await tx<{ slug: string }[]>`select slug from products
    where slug = ${base} or slug like ${`${base}-%`}`;
  return rows.map((r) => r.slug);
}

/** The product with this id, locked until the transaction ends. */
export async function lockProduct(tx: Tx, id: string): Promise<ProductRow | undefined> {
  const [row] = await tx<ProductRow[]>`select ${columns(tx)} from products p
    where p.id = ${id} for update`;
  return row && toRow(row);
}

/** The product with this id, without a lock. */
export async function findProduct(tx: Tx, id: string): Promise<ProductRow | undefined> {
  const [row] = await tx<ProductRow[]>`select ${columns(tx)} from products p where p.id = ${id}`;
  return row && toRow(row);
}

/** Fields a creator edits. */
export type Editable = Pick<
  ProductRow,
  | "slug"
  | "title"
  | "description"
  | "descriptionHtml"
  | "priceAmount"
  | "priceCurrency"
  | "coverKey"
  | "category"
  | "tags"
  | "capacity"
  | "eventStartsAt"
  | "eventTimeZone"
  | "eventDurationMinutes"
  | "billingPeriod"
  | "perks"
>;

/** Writes the editable fields. */
export async function updateProduct(
  tx: Tx,
  id: string,
  p: Editable,
  updatedAt: Date,
): Promise<void> {
  await tx`update products set slug = ${p.slug}, title = ${p.title},
      description = ${p.description}, description_html = ${p.descriptionHtml},
      price_amount = ${p.priceAmount}, price_currency = ${p.priceCurrency},
      cover_key = ${p.coverKey}, category = ${p.category}, tags = ${tx.array(p.tags)}::text[],
      capacity = ${p.capacity}, event_starts_at = ${p.eventStartsAt},
      event_time_zone = ${p.eventTimeZone}, event_duration_minutes = ${p.eventDurationMinutes},
      billing_period = ${p.billingPeriod}, perks = ${tx.array(p.perks)}::text[],
      updated_at = ${updatedAt}
    where id = ${id}`;
}

/** Moves a product to `status`; the first publication sets `published_at`. */
export async function setStatus(
  tx: Tx,
  id: string,
  status: ProductStatus,
  at: Date,
): Promise<void> {
  await tx`update products set status = ${status}, updated_at = ${at},
      published_at = case when ${status} = 'published' then coalesce(published_at, ${at})
        else published_at end
    where id = ${id}`;
}

/** Touches `updated_at` after a change to files or keys. */
export async function touchProduct(tx: Tx, id: string, at: Date): Promise<void> {
  await tx`update products set updated_at = ${at} where id = ${id}`;
}

function viewQuery(sql: Tx, now: Date) {
  return sql`select ${columns(sql)}, c.display_name as creator_name,
      (select count(*)::int from licence_keys k where k.product_id = p.id) as licence_keys,
      ${takenUnitsSql(sql, sql`p.id`, now)} as taken,
      (select coalesce(json_agg(json_build_object('id', f.id, 'name', f.name, 'size', f.size,
          'contentType', f.content_type) order by f.created_at, f.id), '[]'::json)
        from product_files f where f.product_id = p.id and f.confirmed_at is not null) as files,
      (select json_build_object('suggestedAmount', pp.suggested_amount) from product_pricing pp
        where pp.product_id = p.id) as pay_what_you_want,
      ${ratingSql(sql)} as rating
    from products p left join creators c on c.id = p.creator_id`;
}

/** One product by id or slug, with its view fields. */
export async function findProductView(
  sql: Tx,
  by: { id: string } | { slug: string },
  now: Date,
): Promise<ProductView | undefined> {
  const where = "id" in by ? sql`p.id = ${by.id}` : sql`p.slug = ${by.slug}`;
  const [row] = await sql<ProductView[]>`${viewQuery(sql, now)} where ${where}`;
  return row && toRow(row);
}

/** What the product list can be narrowed by. */
export interface ProductFilter {
  statuses: ProductStatus[];
  creatorId?: string;
  type?: ProductType;
  category?: string;
  tag?: string;
  minPrice?: number;
  maxPrice?: number;
  currency?: string;
  /** Full-text query (websearch syntax). */
  q?: string;
  /** Prefix query on title words, already in `to_tsquery` syntax. */
  titlePrefix?: string;
  sort: Sort;
  after?: ProductCursor;
  limit: number;
}

/** The orders the product list offers. */
export const SORTS = ["new", "price_asc", "price_desc"] as const;
/** One order of the product list. */
export type Sort = typeof SORTS[number];

/** The row after which the next page starts; a position of one sort only. */
export type ProductCursor =
  | { sort: "new"; at: Date; id: string }
  | { sort: "price_asc" | "price_desc"; amount: number; id: string };

/** One page of products. */
export async function listProductViews(
  sql: Sql,
  f: ProductFilter,
  now: Date,
): Promise<ProductView[]> {
  const listedAt = sql`coalesce(p.published_at, p.created_at)`;
  const none = sql``;
  const text = f.q === undefined
    ? none
    : sql`and (p.search @@ websearch_to_tsquery('simple', ${f.q})
    ${f.titlePrefix ? sql`or p.search @@ to_tsquery('simple', ${f.titlePrefix})` : none})`;
  let after = none;
  if (f.after?.sort === "new") {
    after = sql`and (${listedAt}, p.id) < (${f.after.at}, ${f.after.id})`;
  } else if (f.after?.sort === "price_asc") {
    after = sql`and (p.price_amount, p.id) > (${f.after.amount}, ${f.after.id})`;
  } else if (f.after?.sort === "price_desc") {
    after = sql`and (p.price_amount, p.id) < (${f.after.amount}, ${f.after.id})`;
  }
  const order = f.sort === "new"
    ? sql`${listedAt} desc, p.id desc`
    : f.sort === "price_asc"
    ? sql`p.price_amount asc, p.id asc`
    : sql`p.price_amount desc, p.id desc`;
  const rows = await sql<ProductView[]>`${viewQuery(sql, now)}
    where p.status = any(${sql.array(f.statuses)}::text[])
      ${f.creatorId === undefined ? none : sql`and p.creator_id = ${f.creatorId}`}
      ${f.type === undefined ? none : sql`and p.type = ${f.type}`}
      ${f.category === undefined ? none : sql`and p.category = ${f.category}`}
      ${f.tag === undefined ? none : sql`and p.tags @> ${sql.array([f.tag])}::text[]`}
      ${f.minPrice === undefined ? none : sql`and p.price_amount >= ${f.minPrice}`}
      ${f.maxPrice === undefined ? none : sql`and p.price_amount <= ${f.maxPrice}`}
      ${f.currency === undefined ? none : sql`and p.price_currency = ${f.currency}`}
      ${text}
      ${after}
    order by ${order}
    limit ${f.limit}`;
  return rows.map(toRow);
}
