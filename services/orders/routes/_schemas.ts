/**
 * Request and response schemas shared by the routes, named for /openapi.json, and the
 * buyer check every route makes.
 * @module
 */
import type { Principal } from "@marquee/auth";
import { HttpProblem, z } from "@marquee/http";
import { SAGA_STATUSES } from "../domain/saga_types.ts";
import { MAX_QUANTITY } from "../domain/cart.ts";
export { problems } from "@marquee/http";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A product id. */
export const ProductId = z.string().uuid();
/** Units of one product. */
export const Quantity = z.number().int().min(1).max(MAX_QUANTITY);

/** A buyer's own amount for a pay-what-you-want product, in minor units. */
export const Amount = z.number().int().min(0).max(1_000_000_000_000).optional().describe(
  "Minor units: what the buyer pays for a pay-what-you-want product, at least its price",
);

/** Money in minor units. */
export const Price = z.object({
  amount: z.number().int(),
  currency: z.string(),
}).openapi("OrderMoney");

/** One line of an order. */
export const OrderLine = z.object({
  productId: z.string().uuid(),
  title: z.string(),
  type: z.string(),
  creatorId: z.string(),
  quantity: z.number().int(),
  unitPrice: Price,
  discount: z.number().int().describe("Minor units a discount code took off the line's total"),
  licenceKeys: z.array(z.string()),
}).openapi("OrderLine");

/** An order as the API shows it. */
export const Order = z.object({
  id: z.string().uuid(),
  buyerId: z.string(),
  status: z.enum(SAGA_STATUSES),
  lines: z.array(OrderLine),
  subtotal: Price.describe("The lines' sum before the discount"),
  discount: z.object({ code: z.string(), amount: Price }).nullable(),
  total: Price.describe("What is paid: subtotal − discount"),
  paymentMethod: z.string(),
  paymentId: z.string().nullable(),
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  placedAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  version: z.number().int(),
}).openapi("Order");

/** A JSON body or response of `schema`. */
export const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });

/** The caller as a buyer: saga messages carry user ids as UUIDs. */
export function buyerId(principal: Principal): string {
  if (!UUID.test(principal.userId)) {
    throw new HttpProblem(403, "This account cannot place or hold orders");
  }
  return principal.userId.toLowerCase();
}
