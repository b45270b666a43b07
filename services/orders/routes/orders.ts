/**
 * Orders: `POST /api/orders` places one (with an `Idempotency-Key`), `GET /api/orders`
 * and `GET /api/orders/{id}` read the read model, `POST /api/orders/{id}/stream-ticket`
 * issues a ticket for the live stream. Placing writes the saga, its first view and its
 * events in one transaction, then starts the saga.
 * @module
 */
import { createHash } from "node:crypto";
import { type AuthVariables, requireAuth } from "@marquee/auth";
import type { OrderLine } from "@marquee/contracts";
import {
  createRoute,
  createRouter,
  cursorCodec,
  HttpProblem,
  validationProblem,
  z,
} from "@marquee/http";
import { findKey, insertKey } from "../db/idempotency.ts";
import { insertSaga } from "../db/sagas.ts";
import { findView, listViews } from "../db/views.ts";
import { MAX_CART_ITEMS, notOnSale, shortfall } from "../domain/cart.ts";
import { holdIdFor } from "../domain/hold_id.ts";
import { place } from "../domain/saga.ts";
import { type OrderView, toView } from "../domain/view.ts";
import { enqueueDecision } from "../events/outgoing.ts";
import { unavailable } from "./cart.ts";
import type { RouteDeps } from "./_deps.ts";
import { Amount, buyerId, json, Order, problems, ProductId, Quantity } from "./_schemas.ts";
import { orderTotal } from "../domain/saga.ts";
import { unitPrice } from "../domain/pricing.ts";

const PlaceOrder = z.object({
  items: z.array(z.object({ productId: ProductId, quantity: Quantity, amount: Amount }).strict())
    .min(1).max(MAX_CART_ITEMS).optional().describe("The cart's lines when absent"),
  paymentMethod: z.string().trim().max(100).default("").describe(
    "A provider payment method id; not needed when the order costs nothing",
  ),
  discountCode: z.string().trim().min(1, "Enter a code").max(32).optional().describe(
    "A discount code, redeemed once for this order",
  ),
}).strict().openapi("PlaceOrder");

const OrderPage = z.object({ items: z.array(Order), nextCursor: z.string().nullable() })
  .openapi("OrderPage");
const cursors = cursorCodec(z.object({ placedAt: z.iso.datetime({ offset: true }), id: z.guid() }));
const ListQuery = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
const IdParam = z.object({ id: z.string().uuid() });
const Ticket = z.object({ ticket: z.string(), expiresAt: z.string().datetime(), url: z.string() })
  .openapi("StreamTicket");
const BEARER = [{ bearer: [] }];
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

class KeyTaken extends Error {}

/** Routes under `/api/orders`. */
export function ordersRoutes(deps: RouteDeps) {
  const { sql, catalog, carts, clock, verifier, executor, config, tickets } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  const auth = requireAuth({ verifier });

  /** The order behind a used key: 200 with it when the body matches, 422 otherwise. */
  async function replay(user: string, key: string, hash: string) {
    const used = await findKey(sql, user, key);
    if (!used) return undefined;
    if (used.requestHash !== hash) {
      throw new HttpProblem(422, `Idempotency-Key "${key}" was used with another request`, {
        errors: [{ field: "header.Idempotency-Key", message: "Used with another body" }],
      });
    }
    return await findView(sql, used.orderId);
  }

  router.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["orders"],
      summary: "Place an order (the cart's lines unless `items` is given)",
      security: BEARER,
      middleware: [auth],
      request: {
        headers: z.object({ "idempotency-key": z.string().optional() }),
        body: { required: true, content: json(PlaceOrder) },
      },
      responses: {
        202: { description: "Accepted: the saga runs on", content: json(Order) },
        200: { description: "The order this key placed before", content: json(Order) },
        ...problems({
          400: "No Idempotency-Key header",
          401: "Not signed in",
          403: "An account that cannot hold orders",
          422: "Bad fields, a product not on sale, too few left, or a reused key",
          503: "The catalog cannot be reached",
        }),
      },
    }),
    async (c) => {
      const user = buyerId(c.get("principal"));
      const key = c.req.header("idempotency-key");
      if (!key || !IDEMPOTENCY_KEY.test(key)) {
        throw new HttpProblem(
          400,
          'Header "Idempotency-Key" is required (1-200 visible characters)',
          {
            errors: [{ field: "header.Idempotency-Key", message: key ? "Invalid" : "Required" }],
          },
        );
      }
      const body = c.req.valid("json");
      const hash = createHash("sha256").update(JSON.stringify({
        items: body.items ?? null,
        paymentMethod: body.paymentMethod,
        ...(body.discountCode ? { discountCode: body.discountCode } : {}),
      })).digest("hex");
      const earlier = await replay(user, key, hash);
      if (earlier) return c.json(earlier, 200);

      const fromCart = body.items === undefined;
      const items = body.items ??
        (await carts.read(user)).map(({ productId, quantity, amount }) => ({
          productId,
          quantity,
          amount,
        }));
      const field = (i: number) => fromCart ? `cart.items[${i}]` : `body.items[${i}].productId`;
      if (items.length === 0) {
        throw validationProblem([{ field: "body.items", message: "The cart is empty" }]);
      }
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.productId)) {
          throw validationProblem([{ field: field(i), message: "Each product may appear once" }]);
        }
        seen.add(item.productId);
      });

      const products = await Promise.all(items.map((i) => catalog.product(i.productId)))
        .catch(unavailable);
      const errors = products.flatMap((p, i) => {
        const item = items[i]!;
        if (!p || p.status !== "published") {
          const message = p ? notOnSale(p.title) : `Product "${item.productId}" is not on sale`;
          return [{ field: field(i), message }];
        }
        const short = shortfall(p.title, p.available, item.quantity);
        if (short) return [{ field: field(i), message: short }];
        const price = unitPrice(p, item.amount);
        const amountField = fromCart ? `cart.items[${i}]` : `body.items[${i}].amount`;
        return price.ok ? [] : [{ field: amountField, message: price.message }];
      });
      if (errors.length) throw validationProblem(errors);
      const currencies = new Set(products.map((p) => p!.price.currency));
      if (currencies.size > 1) {
        throw validationProblem([{
          field: "body.items",
          message: "Items must share one currency",
        }]);
      }

      const orderId = crypto.randomUUID();
      let lines: OrderLine[] = items.map((item, i) => {
        const p = products[i]!;
        const price = unitPrice(p, item.amount);
        return {
          productId: item.productId,
          title: p.title,
          type: p.type,
          creatorId: p.creatorId,
          quantity: item.quantity,
          unitPrice: price.ok ? price.price : p.price,
          discount: 0,
          licenceKeys: [],
        };
      });
      let code: string | null = null;
      if (body.discountCode) {
        const quote = await catalog.quoteDiscount(body.discountCode, lines).catch(unavailable);
        if (!quote.ok) {
          throw validationProblem([{ field: "body.discountCode", message: quote.message }]);
        }
        code = quote.code;
        const shares = new Map(quote.lines.map((l) => [l.productId, l.discount]));
        lines = lines.map((l) => ({ ...l, discount: shares.get(l.productId) ?? 0 }));
      }
      if (orderTotal(lines).amount > 0 && body.paymentMethod === "") {
        throw validationProblem([{
          field: "body.paymentMethod",
          message: "Choose a payment method",
        }]);
      }
      const holds = items.flatMap((item, i) =>
        products[i]!.available === null
          ? []
          : [{ holdId: holdIdFor(orderId, item.productId), ...item }]
      );
      const now = clock();
      const decision = place({
        orderId,
        buyerId: user,
        lines,
        paymentMethod: body.paymentMethod,
        holds,
        discountCode: code,
      }, { now, paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS });

      try {
        await sql.begin(async (tx) => {
          const fresh = await insertKey(tx, {
            buyerId: user,
            key,
            requestHash: hash,
            orderId,
            at: now,
          });
          if (!fresh) throw new KeyTaken();
          await insertSaga(tx, decision.state);
          // The first view is written with the order, so the buyer can read it at once.
          await enqueueDecision(tx, decision.state, decision.outgoing, now);
        });
      } catch (error) {
        if (!(error instanceof KeyTaken)) throw error;
        const raced = await replay(user, key, hash);
        if (raced) return c.json(raced, 200);
        throw new HttpProblem(409, `Idempotency-Key "${key}" is in use; try again`);
      }
      // The cart keeps its lines until the order completes (a declined card keeps them).
      void executor.drive(orderId);
      c.header("location", `/api/orders/${orderId}`);
      return c.json(toView(decision.state), 202);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["orders"],
      summary: "The caller's orders, newest first",
      security: BEARER,
      middleware: [auth],
      request: { query: ListQuery },
      responses: {
        200: { description: "One page", content: json(OrderPage) },
        ...problems({
          401: "Not signed in",
          403: "An account that cannot hold orders",
          422: "Bad query",
        }),
      },
    }),
    async (c) => {
      const user = buyerId(c.get("principal"));
      const { cursor, limit } = c.req.valid("query");
      const after = cursors.decode(cursor);
      const rows = await listViews(sql, user, { after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last
        ? cursors.encode({ placedAt: last.placedAt, id: last.id })
        : null;
      c.header("cache-control", "private, no-store");
      return c.json({ items: page, nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["orders"],
      summary: "One order (its buyer or an admin)",
      security: BEARER,
      middleware: [auth],
      request: { params: IdParam },
      responses: {
        200: { description: "The order", content: json(Order) },
        ...problems({ 401: "Not signed in", 404: "No such order of the caller's" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const view = await visibleOrder(deps, id, c.get("principal"));
      c.header("cache-control", "private, no-store");
      return c.json(view, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/stream-ticket",
      tags: ["orders"],
      summary: "A one-minute ticket to open the order's live stream with EventSource",
      security: BEARER,
      middleware: [auth],
      request: { params: IdParam },
      responses: {
        200: { description: "The ticket", content: json(Ticket) },
        ...problems({ 401: "Not signed in", 404: "No such order of the caller's" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      await visibleOrder(deps, id, principal);
      const { ticket, expiresAt } = await tickets.issue(principal.userId, `orders:${id}`, clock());
      c.header("cache-control", "no-store");
      return c.json({
        ticket,
        expiresAt: expiresAt.toISOString(),
        url: `/api/orders/${id}/events?ticket=${encodeURIComponent(ticket)}`,
      }, 200);
    },
  );

  return router;
}

/** The order's view if `principal` may see it (its buyer or an admin); 404 otherwise. */
export async function visibleOrder(
  deps: Pick<RouteDeps, "sql">,
  id: string,
  principal: { userId: string; roles: string[] },
): Promise<OrderView> {
  const view = await findView(deps.sql, id);
  const mine = view && view.buyerId === principal.userId.toLowerCase();
  if (!view || !(mine || principal.roles.includes("admin"))) {
    throw new HttpProblem(404, `No order "${id}"`);
  }
  return view;
}
