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

/** A product was taken off sale by its creator or an admin. */
export const ProductArchived = defineEvent({
  type: "product.archived",
  version: 1,
  topic: TOPICS.catalogProducts,
  schema: ProductSnapshot.extend({ archivedBy: z.string().min(1) }),
  subject: (d) => d.productId,
});

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
