/**
 * The catalog API's shapes as pages and islands read them. Browser-safe: types and constants
 * only (the same lists as `@marquee/contracts`, which is server code).
 * @module
 */

/** Every kind of product the marketplace sells. */
export const PRODUCT_TYPES = ["course", "software", "asset", "membership", "live_ticket"] as const;
/** A product type. */
export type ProductType = typeof PRODUCT_TYPES[number];

/** Plural labels for browsing, singular for one product. */
export const TYPE_LABELS: Record<ProductType, { plural: string; one: string }> = {
  course: { plural: "Courses", one: "Course" },
  software: { plural: "Software", one: "Software" },
  asset: { plural: "Assets", one: "Asset" },
  membership: { plural: "Memberships", one: "Membership" },
  live_ticket: { plural: "Live events", one: "Live event ticket" },
};

/** Whether `value` names a product type. */
export function isProductType(value: unknown): value is ProductType {
  return (PRODUCT_TYPES as readonly unknown[]).includes(value);
}

/**
 * Types a buyer who owns one may still buy more of: a live ticket is a seat, and a buyer may
 * bring others. Owning anything else once is enough, so its page sends the buyer to the library.
 */
export const REPURCHASABLE_TYPES: readonly ProductType[] = ["live_ticket"];

/** Whether an owner of a product of `type` is offered to buy it again. */
export function canBuyAgain(type: ProductType): boolean {
  return REPURCHASABLE_TYPES.includes(type);
}

/** A product's life cycle. */
export const PRODUCT_STATUSES = ["draft", "published", "archived"] as const;
/** A product status. */
export type ProductStatus = typeof PRODUCT_STATUSES[number];

/** The orders the product list offers. */
export const SORTS = ["new", "price_asc", "price_desc"] as const;
/** One order of the product list. */
export type Sort = typeof SORTS[number];

/** Money: integer minor units and an ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

/** Types sold in limited seats (the catalog's own list): tickets and cohort courses. */
export const CAPACITY_TYPES: readonly ProductType[] = ["live_ticket", "course"];

/** The largest price the catalog accepts, in minor units (the same bound as its API). */
export const MAX_PRICE_AMOUNT = 1_000_000_000_000;

/** How often a membership bills. */
export const BILLING_PERIODS = ["month", "year"] as const;
/** How often a membership bills. */
export type BillingPeriod = typeof BILLING_PERIODS[number];

/** A live ticket's event. */
export interface ProductEvent {
  /** UTC instant. */
  startsAt: string;
  /** The start in the event's own zone, `YYYY-MM-DDTHH:mm`. */
  localStart: string;
  /** IANA zone the event is held in. */
  timeZone: string;
  durationMinutes: number | null;
}

/** A membership's billing period and what it unlocks. */
export interface ProductMembership {
  period: BillingPeriod;
  perks: string[];
}

/** A downloadable file of a product. */
export interface ProductFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

/** A product as the catalog API answers it. */
export interface Product {
  id: string;
  slug: string;
  type: ProductType;
  title: string;
  description: string;
  /** Rendered from `description` and sanitized by the catalog. */
  descriptionHtml: string;
  price: Money;
  /** Set when the buyer names the price: `price` is then the minimum (absent from older answers). */
  payWhatYouWant?: { suggestedAmount: number | null } | null;
  status: ProductStatus;
  creatorId: string;
  /** Present when the catalog knows the creator's name. */
  creatorName?: string | null;
  category: string | null;
  tags: string[];
  coverUrl: string | null;
  /** Units for sale in total; null when unlimited. */
  capacity: number | null;
  /** Seats or licence keys left; null when unlimited. */
  available: number | null;
  /** Live tickets: the event; null otherwise (absent from older answers). */
  event?: ProductEvent | null;
  /** Memberships: period and perks; null otherwise. */
  membership?: ProductMembership | null;
  files?: ProductFile[];
  /** Reviews by buyers who own it (absent from older answers). */
  rating?: RatingSummary;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** A product's review count and average stars (null without reviews). */
export interface RatingSummary {
  count: number;
  average: number | null;
}

/** One page of products. */
export interface ProductList {
  items: Product[];
  nextCursor: string | null;
}

/** A creator's page. */
export interface CreatorProducts {
  /** `displayName` is null until the catalog has heard of the creator's profile. */
  creator: { id: string; displayName: string | null };
  products: Product[];
}
