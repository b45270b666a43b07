/**
 * Discount redemptions for the checkout saga (internal token, never browsers):
 * `POST /api/redemptions` redeems an order's code, `POST /api/redemptions/{orderId}/release`
 * gives the use back when the order is cancelled. Both are keyed by the order, so retries
 * are safe; the code's row is locked, so a limit holds however many orders race for it.
 * @module
 */
import { createRoute, createRouter, HttpProblem, requireInternalToken, z } from "@marquee/http";
import { findRedemption, insertRedemption, releaseRedemption } from "../db/discounts.ts";
import type { RouteDeps } from "./_deps.ts";
import { applyCode, CodeText, PricedLines, Quote } from "./_pricing.ts";
import { json, problems } from "./_schemas.ts";

const Redeem = z.object({
  orderId: z.string().uuid().describe("Retrying with it is safe"),
  code: CodeText,
  lines: PricedLines,
}).strict().openapi("RedeemDiscount");
const Redemption = Quote.extend({ status: z.enum(["redeemed", "released"]) })
  .openapi("Redemption");
const internal = [{ internalToken: [] }];

/** Routes under `/api/redemptions`; every one needs the internal token. */
export function redemptionsRoutes(deps: RouteDeps) {
  const { sql, clock, config } = deps;
  const router = createRouter();
  router.use("*", requireInternalToken({ token: config.INTERNAL_TOKEN }));

  router.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["inventory"],
      summary: "Redeem an order's discount code (once per order)",
      security: internal,
      request: { body: { required: true, content: json(Redeem) } },
      responses: {
        200: { description: "The order's redemption", content: json(Redemption) },
        ...problems({
          401: "No or wrong internal token",
          422: "Bad fields, or a code that cannot be used, saying why",
        }),
      },
    }),
    async (c) => {
      const { orderId, code, lines } = c.req.valid("json");
      const now = clock();
      const result = await sql.begin(async (tx) => {
        // The code's row first: a retry of this order then sees the redemption it made.
        const applied = await applyCode(tx, code, lines, now, { lock: true, field: "body.code" })
          .catch(async (error) => {
            const earlier = await findRedemption(tx, orderId);
            if (earlier) return null;
            throw error;
          });
        const earlier = await findRedemption(tx, orderId);
        if (earlier) {
          return {
            code: earlier.code,
            lines: earlier.lines,
            discount: { amount: earlier.amount, currency: earlier.currency },
            status: earlier.status,
          };
        }
        const { code: row, quote } = applied!;
        await insertRedemption(tx, {
          orderId,
          codeId: row.id,
          lines: quote.lines,
          amount: quote.discount.amount,
          currency: quote.discount.currency,
        }, now);
        return { ...quote, status: "redeemed" as const };
      });
      return c.json(result, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{orderId}/release",
      tags: ["inventory"],
      summary: "Give a cancelled order's use of its code back",
      security: internal,
      request: { params: z.object({ orderId: z.string().uuid() }) },
      responses: {
        200: { description: "Released (or already released)", content: json(Redemption) },
        ...problems({ 401: "No or wrong internal token", 404: "The order redeemed no code" }),
      },
    }),
    async (c) => {
      const { orderId } = c.req.valid("param");
      const found = await sql.begin(async (tx) => {
        await releaseRedemption(tx, orderId, clock());
        return await findRedemption(tx, orderId);
      });
      if (!found) throw new HttpProblem(404, `Order "${orderId}" redeemed no code`);
      return c.json({
        code: found.code,
        lines: found.lines,
        discount: { amount: found.amount, currency: found.currency },
        status: found.status,
      }, 200);
    },
  );

  return router;
}
