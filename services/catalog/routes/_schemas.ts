/**
 * Request and response schemas shared by several routes, named for /openapi.json.
 * @module
 */
import type { BlobStore } from "@marquee/blob";
import { BillingPeriod, ProductStatus, ProductType } from "@marquee/contracts";
import { z } from "@marquee/http";
export { Problem, problems } from "@marquee/http";
import { detailsOf, type ProductView } from "../db/products.ts";
import { availableUnits, stockTotal } from "../domain/inventory.ts";
import { localStartOf } from "../domain/product_types.ts";
import { isSlug, MAX_SLUG_LENGTH, SLUG_PATTERN } from "../domain/slug.ts";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
// deno-lint-ignore no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

/** The largest price accepted, in minor units: far below 2^53, far above any real price. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** An ISO 4217 code such as `EUR`. */
export const Currency = z.string()
  .regex(/^[A-Z]{3}$/, { message: "Must be 3 uppercase letters (ISO 4217)", abort: true })
  .refine((c) => CURRENCIES.has(c), "Not an ISO 4217 currency code");

/** Money in minor units. */
export const Price = z.object({
  amount: z.number().int().min(0).max(MAX_AMOUNT).describe("Minor units (cents)"),
  currency: Currency,
}).openapi("Price");

/** A product title. */
export const Title = z.string().trim().min(1).max(140);
/** A slug given by the creator. */
export const Slug = z.string().max(MAX_SLUG_LENGTH)
  .regex(SLUG_PATTERN, {
    message: "Must be lowercase letters, digits and single dashes",
    abort: true,
  })
  .refine(isSlug, "Must not be a product id");
/** Markdown, at most 20,000 characters. */
export const Description = z.string().max(20_000);
/** A category: a slug-like word. */
export const Category = z.string().max(40).regex(
  SLUG_PATTERN,
  "Must be lowercase letters, digits and single dashes",
);
/** Tags: at most 10, each 1 to 32 characters, stored lowercase. */
export const Tags = z.array(
  z.string().trim().toLowerCase().min(1).max(32).regex(
    NO_CONTROL,
    "Must not contain control characters",
  ),
).max(10).transform((tags) => [...new Set(tags)]);
/** Seats of a live ticket or cohort course. */
export const Capacity = z.number().int().min(1).max(1_000_000);
/** A product id. */
export const ProductId = z.string().uuid();
/** Printable text of at most `max` characters. */
export const Printable = (max: number) =>
  z.string().trim().min(1).max(max).regex(NO_CONTROL, "Must not contain control characters");

/** A live ticket's event as a creator sets it: the wall-clock start in the event's zone. */
export const EventInput = z.object({
  localStart: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, {
    message: "Must be a date and time such as 2026-12-12T19:00",
  }).describe("Wall-clock start in `timeZone`, YYYY-MM-DDTHH:mm"),
  timeZone: z.string().min(1).max(64).describe("IANA time zone, such as Europe/London"),
  durationMinutes: z.number().int().min(1).max(10_080).nullable().optional()
    .describe("Length in minutes, at most a week"),
}).strict().openapi("EventInput");

/** A membership's terms as a creator sets them. */
export const MembershipInput = z.object({
  period: BillingPeriod,
  perks: z.array(Printable(200)).max(20).default([]).describe("What the membership unlocks"),
}).strict().openapi("MembershipInput");

/** A live ticket's event as the API shows it. */
export const ProductEvent = z.object({
  startsAt: z.string().datetime().describe("UTC"),
  localStart: z.string().describe("The start in the event's own zone, YYYY-MM-DDTHH:mm"),
  timeZone: z.string().describe("IANA time zone the event is held in"),
  durationMinutes: z.number().int().nullable(),
}).openapi("ProductEvent");

/** A membership's terms as the API shows them. */
export const ProductMembership = z.object({
  period: BillingPeriod,
  perks: z.array(z.string()),
}).openapi("ProductMembership");

/** A downloadable file as the API lists it. */
export const ProductFile = z.object({
  id: z.string().uuid(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
}).openapi("ProductFile");

/** A product as the API shows it: never object keys or licence keys, only counts. */
export const Product = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  type: ProductType,
  title: z.string(),
  description: z.string().describe("Markdown"),
  descriptionHtml: z.string().describe("The description rendered, with raw HTML escaped"),
  price: Price,
  payWhatYouWant: z.object({
    suggestedAmount: z.number().int().nullable().describe("Minor units; prefills the amount"),
  }).nullable().describe("Set when the buyer names the price; `price` is then the minimum"),
  status: ProductStatus,
  creatorId: z.string(),
  creatorName: z.string().nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  coverUrl: z.string().nullable().describe(
    "The cover image: a redirect for a published product; for an unpublished one shown to its editor, a short-lived URL",
  ),
  capacity: z.number().int().nullable(),
  event: ProductEvent.nullable().describe("Live tickets: when and where in time the event is"),
  membership: ProductMembership.nullable().describe("Memberships: billing period and perks"),
  available: z.number().int().nullable().describe("Seats or keys left; null when unlimited"),
  licenceKeyCount: z.number().int(),
  files: z.array(ProductFile).describe("Files whose upload was confirmed"),
  rating: z.object({
    count: z.number().int(),
    average: z.number().nullable().describe("Stars, to two decimals; null without reviews"),
  }).describe("Reviews by buyers who own the product"),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  publishedAt: z.string().datetime().nullable(),
}).openapi("Product");
/** A product as the API shows it. */
export type Product = z.infer<typeof Product>;

/** The API shape of a product view. */
export function toProduct(p: ProductView): Product {
  const total = stockTotal({ type: p.type, capacity: p.capacity, licenceKeys: p.licenceKeys });
  const { event, membership } = detailsOf(p);
  return {
    id: p.id,
    slug: p.slug,
    type: p.type,
    title: p.title,
    description: p.description,
    descriptionHtml: p.descriptionHtml,
    price: { amount: p.priceAmount, currency: p.priceCurrency },
    payWhatYouWant: p.payWhatYouWant,
    status: p.status,
    creatorId: p.creatorId,
    creatorName: p.creatorName,
    category: p.category,
    tags: p.tags,
    coverUrl: p.coverKey ? `/api/products/${p.id}/cover` : null,
    capacity: p.capacity,
    event: event && {
      startsAt: event.startsAt.toISOString(),
      localStart: localStartOf(event),
      timeZone: event.timeZone,
      durationMinutes: event.durationMinutes,
    },
    membership,
    available: availableUnits(total, p.taken),
    licenceKeyCount: p.licenceKeys,
    files: p.files.map((f) => ({ ...f, size: Number(f.size) })),
    rating: {
      count: p.rating?.count ?? 0,
      average: p.rating?.average == null ? null : Number(p.rating.average),
    },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    publishedAt: p.publishedAt?.toISOString() ?? null,
  };
}

/** How long a presigned cover URL lasts, in seconds. */
export const COVER_URL_TTL_SEC = 3600;

/**
 * {@linkcode toProduct}, with an unpublished product's cover as a short-lived presigned URL:
 * only its creator or an admin reads such a product, and the cover redirect serves a draft only
 * to a bearer of a token, which an `<img>` never is.
 */
export async function toProductForEditor(p: ProductView, blobs: BlobStore): Promise<Product> {
  const product = toProduct(p);
  if (p.status !== "published" && p.coverKey) {
    product.coverUrl = await blobs.presignGet(p.coverKey, { expiresInSec: COVER_URL_TTL_SEC });
  }
  return product;
}

/** A JSON body or response of `schema`. */
export const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });

/** A browser upload: `fetch(url, { method, headers, body })`. */
export const Upload = z.object({
  url: z.string(),
  method: z.literal("PUT"),
  headers: z.record(z.string(), z.string()),
}).openapi("Upload");
