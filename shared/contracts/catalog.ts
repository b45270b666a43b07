/**
 * Events of the catalog service: products on `marquee.catalog.products` and stock holds
 * on `marquee.catalog.inventory`, both keyed by product id.
 * @module
 */
import { z } from "zod";
import { defineEvent } from "@marquee/events";
import { TOPICS } from "./topics.ts";

/** Every kind of product the marketplace sells. */
export const PRODUCT_TYPES = ["course", "software", "asset", "membership", "live_ticket"] as const;
/** Schema of a product type. */
export const ProductType = z.enum(PRODUCT_TYPES);
/** A product type. */
export type ProductType = z.infer<typeof ProductType>;

/** A product's life cycle: drafts are private, archived products are off sale for good. */
export const PRODUCT_STATUSES = ["draft", "published", "archived"] as const;
/** Schema of a product status. */
export const ProductStatus = z.enum(PRODUCT_STATUSES);
/** A product status. */
export type ProductStatus = z.infer<typeof ProductStatus>;

/** Money: integer minor units and an ISO 4217 code. */
export const Money = z.object({
  amount: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
/** Money: integer minor units and an ISO 4217 code. */
export type Money = z.infer<typeof Money>;

const ProductId = z.string().uuid();

/** A live ticket's event: its start (UTC), the IANA zone it is held in, and its length. */
export const ProductEvent = z.object({
  startsAt: z.string().datetime(),
  timeZone: z.string().min(1),
  durationMinutes: z.number().int().positive().nullable(),
});
/** A live ticket's event. */
export type ProductEvent = z.infer<typeof ProductEvent>;

/** How often a membership bills. */
export const BillingPeriod = z.enum(["month", "year"]);

/** A membership's terms: its billing period and what it unlocks. */
export const ProductMembership = z.object({
  period: BillingPeriod,
  perks: z.array(z.string()),
});
/** A membership's terms. */
export type ProductMembership = z.infer<typeof ProductMembership>;

/** What every product event carries: the product as it is after the change. */
export const ProductSnapshot = z.object({
  productId: ProductId,
  slug: z.string().min(1),
  creatorId: z.string().min(1),
  type: ProductType,
  status: ProductStatus,
  title: z.string().min(1),
  price: Money,
  category: z.string().nullable(),
  tags: z.array(z.string()),
  capacity: z.number().int().positive().nullable(),
  /** Live tickets only; absent from events written before tickets had events. */
  event: ProductEvent.nullable().optional(),
  /** Memberships only; absent from events written before memberships had terms. */
  membership: ProductMembership.nullable().optional(),
  publishedAt: z.string().datetime().nullable(),
  updatedAt: z.string().datetime(),
});
/** What every product event carries. */
export type ProductSnapshot = z.infer<typeof ProductSnapshot>;

/** A creator started a product (as a draft). */
export const ProductCreated = defineEvent({
  type: "product.created",
  version: 1,
  topic: TOPICS.catalogProducts,
  schema: ProductSnapshot,
  subject: (d) => d.productId,
});

/** A product's fields, files or licence-key pool changed. */
export const ProductUpdated = defineEvent({
  type: "product.updated",
  version: 1,
  topic: TOPICS.catalogProducts,
  schema: ProductSnapshot.extend({
    /** Set when the slug changed: the slug it had before. */
    previousSlug: z.string().min(1).optional(),
    /** Names of the changed fields (`title`, `price`, `files`, `licenceKeys`...). */
    changed: z.array(z.string()),
  }),
  subject: (d) => d.productId,
});

/** A product went on sale. */
export const ProductPublished = defineEvent({
  type: "product.published",
  version: 1,
  topic: TOPICS.catalogProducts,
  schema: ProductSnapshot,
  subject: (d) => d.productId,
});

/** A published product went back to draft: off the store, still its creator's to edit. */
export const ProductUnpublished = defineEvent({
  type: "product.unpublished",
  version: 1,
  topic: TOPICS.catalogProducts,
  schema: ProductSnapshot,
  subject: (d) => d.productId,
});

/** A product was taken off sale by its creator or an admin. */
export const ProductArchived = defineEvent({
  type: "product.archived",
  version: 1,
  topic: TOPICS.catalogProducts,
  schema: ProductSnapshot.extend({ archivedBy: z.string().min(1) }),
  subject: (d) => d.productId,
});

/**
 * A buyer who owns a product rated it, or changed their rating: the product's pages and
 * listings show its new average (the edge purges them), and search may rank by it.
 */
export const ProductReviewed = defineEvent({
  type: "product.reviewed",
  version: 1,
  topic: TOPICS.catalogProducts,
  schema: z.object({
    productId: ProductId,
    slug: z.string().min(1),
    creatorId: z.string().min(1),
    buyerId: z.string().min(1),
    rating: z.number().int().min(1).max(5),
    /** False when the buyer edited the review they had written before. */
    created: z.boolean(),
    reviewCount: z.number().int().positive(),
    averageRating: z.number().min(1).max(5),
    reviewedAt: z.string().datetime(),
  }),
  subject: (d) => d.productId,
});
/** What `product.reviewed` carries. */
export type ProductReviewedData = z.infer<typeof ProductReviewed.schema>;

const HoldData = z.object({
  holdId: z.string().uuid(),
  productId: ProductId,
  quantity: z.number().int().positive(),
  /** Units left for sale after the change; null for unlimited products. */
  available: z.number().int().nonnegative().nullable(),
});

/** Units were set aside for a checkout until `expiresAt`. */
export const InventoryReserved = defineEvent({
  type: "inventory.reserved",
  version: 1,
  topic: TOPICS.catalogInventory,
  schema: HoldData.extend({ expiresAt: z.string().datetime() }),
  subject: (d) => d.productId,
});

/** Why held units went back on sale. */
export const ReleaseReason = z.enum(["released", "expired"]);
/** Why held units went back on sale. */
export type ReleaseReason = z.infer<typeof ReleaseReason>;

/** Held units went back on sale: released by the caller or expired. */
export const InventoryReleased = defineEvent({
  type: "inventory.released",
  version: 1,
  topic: TOPICS.catalogInventory,
  schema: HoldData.extend({ reason: ReleaseReason }),
  subject: (d) => d.productId,
});

/** Held units were sold. */
export const InventoryCommitted = defineEvent({
  type: "inventory.committed",
  version: 1,
  topic: TOPICS.catalogInventory,
  schema: HoldData,
  subject: (d) => d.productId,
});
