/**
 * The events this service publishes, each written to the outbox inside the transaction
 * of the change it reports.
 * @module
 */
import {
  InventoryCommitted,
  InventoryReleased,
  InventoryReserved,
  ProductArchived,
  ProductCreated,
  ProductPublished,
  ProductReviewed,
  type ProductReviewedData,
  type ProductSnapshot,
  ProductUnpublished,
  ProductUpdated,
  type ReleaseReason,
} from "@marquee/contracts";
import type { Tx } from "@marquee/db";
import { enqueueEvent } from "@marquee/events";
import type { HoldRow } from "../db/holds.ts";
import { detailsOf, type ProductRow } from "../db/products.ts";

/** The CloudEvents `source` of every event from this service. */
export const EVENT_SOURCE = "/marquee/catalog";

/** The product fields every product event carries. */
export function snapshot(p: ProductRow): ProductSnapshot {
  const { event, membership } = detailsOf(p);
  return {
    productId: p.id,
    slug: p.slug,
    creatorId: p.creatorId,
    type: p.type,
    status: p.status,
    title: p.title,
    price: { amount: p.priceAmount, currency: p.priceCurrency },
    category: p.category,
    tags: p.tags,
    capacity: p.capacity,
    event: event && { ...event, startsAt: event.startsAt.toISOString() },
    membership,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Enqueues `product.created`. */
export async function productCreated(tx: Tx, p: ProductRow): Promise<void> {
  await enqueueEvent(tx, ProductCreated, snapshot(p), { source: EVENT_SOURCE, time: p.updatedAt });
}

/** Enqueues `product.updated`, naming the changed fields and any previous slug. */
export async function productUpdated(
  tx: Tx,
  p: ProductRow,
  changed: string[],
  previousSlug?: string,
): Promise<void> {
  const slug = previousSlug !== undefined && previousSlug !== p.slug ? { previousSlug } : {};
  await enqueueEvent(tx, ProductUpdated, { ...snapshot(p), ...slug, changed }, {
    source: EVENT_SOURCE,
    time: p.updatedAt,
  });
}

/** Enqueues `product.published`. */
export async function productPublished(tx: Tx, p: ProductRow): Promise<void> {
  await enqueueEvent(tx, ProductPublished, snapshot(p), {
    source: EVENT_SOURCE,
    time: p.updatedAt,
  });
}

/** Enqueues `product.unpublished`. */
export async function productUnpublished(tx: Tx, p: ProductRow): Promise<void> {
  await enqueueEvent(tx, ProductUnpublished, snapshot(p), {
    source: EVENT_SOURCE,
    time: p.updatedAt,
  });
}

/** Enqueues `product.archived`. */
export async function productArchived(tx: Tx, p: ProductRow, archivedBy: string): Promise<void> {
  await enqueueEvent(tx, ProductArchived, { ...snapshot(p), archivedBy }, {
    source: EVENT_SOURCE,
    time: p.updatedAt,
  });
}

const holdData = (hold: HoldRow, available: number | null) => ({
  holdId: hold.id,
  productId: hold.productId,
  quantity: hold.quantity,
  available,
});

/** Enqueues `inventory.reserved`. */
export async function inventoryReserved(
  tx: Tx,
  hold: HoldRow,
  available: number | null,
): Promise<void> {
  await enqueueEvent(tx, InventoryReserved, {
    ...holdData(hold, available),
    expiresAt: hold.expiresAt.toISOString(),
  }, { source: EVENT_SOURCE, time: hold.updatedAt });
}

/** Enqueues `inventory.released`. */
export async function inventoryReleased(
  tx: Tx,
  hold: HoldRow,
  reason: ReleaseReason,
  available: number | null,
): Promise<void> {
  await enqueueEvent(tx, InventoryReleased, { ...holdData(hold, available), reason }, {
    source: EVENT_SOURCE,
    time: hold.updatedAt,
  });
}

/** Enqueues `inventory.committed`. */
export async function inventoryCommitted(
  tx: Tx,
  hold: HoldRow,
  available: number | null,
): Promise<void> {
  await enqueueEvent(tx, InventoryCommitted, holdData(hold, available), {
    source: EVENT_SOURCE,
    time: hold.updatedAt,
  });
}

/** Enqueues `product.reviewed` with the product's new review count and average. */
export async function productReviewed(
  tx: Tx,
  data: ProductReviewedData,
): Promise<void> {
  await enqueueEvent(tx, ProductReviewed, data, {
    source: EVENT_SOURCE,
    time: new Date(data.reviewedAt),
  });
}
