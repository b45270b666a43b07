/**
 * The signed-in buyer's cart: `GET /api/cart`, `POST /api/cart/items`,
 * `PATCH|DELETE /api/cart/items/{productId}` and `POST /api/cart/merge` (the guest cart a
 * browser kept, merged at sign-in). Every answer re-reads prices and stock from the
 * catalog and flags lines that cannot be bought.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, validationProblem, z } from "@marquee/http";
import {
  addItem,
  type CartItem,
  MAX_CART_ITEMS,
  mergeCarts,
  notOnSale,
  setQuantity,
  shortfall,
  unitsAllowed,
} from "../domain/cart.ts";
import { CatalogUnavailableError } from "../catalog_client.ts";
import type { RouteDeps } from "./_deps.ts";
import { findOpenOrder } from "../db/views.ts";
import { Amount, buyerId, json, Price, problems, ProductId, Quantity } from "./_schemas.ts";
import { unitPrice } from "../domain/pricing.ts";

const CartLine = z.object({
  productId: z.string().uuid(),
  quantity: z.number().int(),
  addedAt: z.string(),
  amount: z.number().int().optional().describe("The buyer's own amount (pay what you want)"),
  title: z.string().nullable(),
  type: z.string().nullable(),
  unitPrice: Price.nullable().describe("The buyer's own amount for pay-what-you-want"),
  period: z.enum(["month", "year"]).nullable().describe(
    "A membership's: what one payment pays for",
  ),
  minimumPrice: Price.nullable().describe("Set for pay-what-you-want: the least the buyer may pay"),
  lineTotal: Price.nullable(),
  available: z.number().int().nullable().describe("Units left; null when unlimited"),
  maxQuantity: z.number().int().describe("The most units this line may hold now"),
  unavailable: z.boolean(),
  reason: z.string().nullable().describe("Why the line cannot be bought now, naming the product"),
}).openapi("CartLine");

/** A cart as the API shows it. */
export const Cart = z.object({
  items: z.array(CartLine),
  total: Price.nullable().describe("Of the lines that can be bought; null if currencies mix"),
  openOrderId: z.string().uuid().nullable().describe(
    "The buyer's latest order still being processed: the cart empties when it completes, so " +
      "paying for the cart now would buy its items twice",
  ),
}).openapi("Cart");

const AddItem = z.object({ productId: ProductId, quantity: Quantity.default(1), amount: Amount })
  .strict().openapi("AddCartItem");
const UpdateItem = z.object({ quantity: Quantity }).strict().openapi("UpdateCartItem");
const Merge = z.object({
  items: z.array(z.object({ productId: ProductId, quantity: Quantity, amount: Amount }))
    .max(MAX_CART_ITEMS),
}).strict().openapi("MergeCart");
const ItemParam = z.object({ productId: ProductId });
const BEARER = [{ bearer: [] }];
const cartContent = json(Cart);
const NOT_A_BUYER = "An account that cannot hold orders";

/** Routes under `/api/cart`. */
export function cartRoutes(deps: RouteDeps) {
  const { carts, catalog, clock, sql, verifier } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  const auth = requireAuth({ verifier });

  async function view(user: string, items: CartItem[]): Promise<z.infer<typeof Cart>> {
    const openOrder = findOpenOrder(sql, user);
    const lines = await Promise.all(items.map(async (item) => {
      const product = await catalog.product(item.productId).catch((error) => {
        if (error instanceof CatalogUnavailableError) return undefined;
        throw error;
      });
      const base = {
        ...item,
        title: null,
        type: null,
        unitPrice: null,
        period: null,
        minimumPrice: null,
        lineTotal: null,
        available: null,
        maxQuantity: item.quantity,
        unavailable: true,
      };
      if (product === undefined) {
        return { ...base, reason: "The price of a product in your cart could not be checked" };
      }
      if (!product || product.status !== "published") {
        return {
          ...base,
          title: product?.title ?? null,
          reason: notOnSale(product?.title ?? null),
        };
      }
      const price = unitPrice(product, item.amount);
      const reason = shortfall(product.title, product.available, item.quantity) ??
        (price.ok ? null : price.message);
      const unit = price.ok ? price.price : product.price;
      return {
        ...item,
        title: product.title,
        type: product.type,
        unitPrice: unit,
        period: product.membership?.period ?? null,
        minimumPrice: product.payWhatYouWant ? product.price : null,
        lineTotal: { amount: unit.amount * item.quantity, currency: unit.currency },
        available: product.available,
        maxQuantity: unitsAllowed(product.available),
        unavailable: reason !== null,
        reason,
      };
    }));
    const priced = lines.filter((l) => !l.unavailable && l.lineTotal);
    const currencies = new Set(priced.map((l) => l.lineTotal!.currency));
    const total = currencies.size > 1 ? null : {
      amount: priced.reduce((sum, l) => sum + l.lineTotal!.amount, 0),
      currency: [...currencies][0] ?? "USD",
    };
    return { items: lines, total, openOrderId: await openOrder };
  }

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["cart"],
      summary: "The caller's cart, priced now",
      security: BEARER,
      middleware: [auth],
      responses: {
        200: { description: "The cart", content: cartContent },
        ...problems({ 401: "Not signed in", 403: NOT_A_BUYER }),
      },
    }),
    async (c) => {
      const user = buyerId(c.get("principal"));
      const items = await carts.read(user);
      c.header("cache-control", "private, no-store");
      return c.json(await view(user, items), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/items",
      tags: ["cart"],
      summary: "Add units of a product (to a line already there)",
      security: BEARER,
      middleware: [auth],
      request: { body: { required: true, content: json(AddItem) } },
      responses: {
        200: { description: "The cart", content: cartContent },
        ...problems({
          401: "Not signed in",
          403: NOT_A_BUYER,
          422: "Bad fields, a product not on sale, more units than are left, or a full cart",
          503: "The catalog cannot be reached",
        }),
      },
    }),
    async (c) => {
      const user = buyerId(c.get("principal"));
      const { productId, quantity, amount } = c.req.valid("json");
      const product = await catalog.product(productId).catch(unavailable);
      if (!product || product.status !== "published") {
        throw validationProblem([{
          field: "body.productId",
          message: `Product "${productId}" is not on sale`,
        }]);
      }
      const before = await carts.read(user);
      const price = unitPrice(product, amount);
      if (!price.ok) throw validationProblem([{ field: "body.amount", message: price.message }]);
      const chosen = product.payWhatYouWant ? price.price.amount : undefined;
      const next = addItem(before, productId, quantity, clock(), chosen);
      if (!Array.isArray(next)) {
        throw validationProblem([{
          field: "body.productId",
          message: `A cart holds at most ${MAX_CART_ITEMS} products`,
        }]);
      }
      const units = next.find((i) => i.productId === productId)!.quantity;
      const short = shortfall(product.title, product.available, units);
      if (short) throw validationProblem([{ field: "body.quantity", message: short }]);
      await carts.write(user, before, next);
      return c.json(await view(user, next), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "patch",
      path: "/items/{productId}",
      tags: ["cart"],
      summary: "Set a line's quantity",
      security: BEARER,
      middleware: [auth],
      request: { params: ItemParam, body: { required: true, content: json(UpdateItem) } },
      responses: {
        200: { description: "The cart", content: cartContent },
        ...problems({
          401: "Not signed in",
          403: NOT_A_BUYER,
          404: "Not in the cart",
          422: "Bad fields, or more units than are left",
          503: "The catalog cannot be reached",
        }),
      },
    }),
    async (c) => {
      const user = buyerId(c.get("principal"));
      const { productId } = c.req.valid("param");
      const { quantity } = c.req.valid("json");
      const before = await carts.read(user);
      const next = setQuantity(before, productId, quantity);
      if (!next) throw new HttpProblem(404, `Product "${productId}" is not in the cart`);
      const product = await catalog.product(productId).catch(unavailable);
      const short = product && shortfall(product.title, product.available, quantity);
      if (short) throw validationProblem([{ field: "body.quantity", message: short }]);
      await carts.write(user, before, next);
      return c.json(await view(user, next), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "delete",
      path: "/items/{productId}",
      tags: ["cart"],
      summary: "Remove a line",
      security: BEARER,
      middleware: [auth],
      request: { params: ItemParam },
      responses: {
        200: { description: "The cart", content: cartContent },
        ...problems({ 401: "Not signed in", 403: NOT_A_BUYER, 404: "Not in the cart" }),
      },
    }),
    async (c) => {
      const user = buyerId(c.get("principal"));
      const { productId } = c.req.valid("param");
      if (!(await carts.remove(user, productId))) {
        throw new HttpProblem(404, `Product "${productId}" is not in the cart`);
      }
      return c.json(await view(user, await carts.read(user)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/merge",
      tags: ["cart"],
      summary: "Merge a guest cart into the caller's (the larger quantity of a product wins)",
      security: BEARER,
      middleware: [auth],
      request: { body: { required: true, content: json(Merge) } },
      responses: {
        200: { description: "The merged cart", content: cartContent },
        ...problems({ 401: "Not signed in", 403: NOT_A_BUYER, 422: "Bad fields" }),
      },
    }),
    async (c) => {
      const user = buyerId(c.get("principal"));
      const before = await carts.read(user);
      const next = mergeCarts(before, c.req.valid("json").items, clock());
      await carts.write(user, before, next);
      return c.json(await view(user, next), 200);
    },
  );

  return router;
}

/** Turns an unreachable catalog into 503. */
export function unavailable(error: unknown): never {
  if (error instanceof CatalogUnavailableError) {
    throw new HttpProblem(503, "The catalog cannot be reached; try again shortly");
  }
  throw error;
}
