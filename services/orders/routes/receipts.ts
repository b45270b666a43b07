/**
 * `GET /api/orders/{id}/receipt.pdf`: a paid order's receipt, for its buyer only (anyone
 * else gets the same 404 as for an order that does not exist).
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, z } from "@marquee/http";
import { displayNames, findPaidOrder, PAID_STATUSES } from "../db/sales.ts";
import type { RouteDeps } from "./_deps.ts";
import { receiptPdf } from "./_receipt_pdf.ts";
import { problems } from "./_schemas.ts";

/** Routes of receipts under `/api/orders`. */
export function receiptRoutes(deps: Pick<RouteDeps, "sql" | "verifier" | "clock">) {
  const { sql, verifier, clock } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}/receipt.pdf",
      tags: ["orders"],
      summary: "The receipt of a paid order, as PDF (its buyer only)",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier })],
      request: { params: z.object({ id: z.string().uuid() }) },
      responses: {
        200: {
          description: "The receipt",
          content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problems({
          401: "Not signed in",
          404: "No such order of the caller's",
          409: "The order is not paid",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const found = await findPaidOrder(sql, id);
      if (!found || found.view.buyerId !== c.get("principal").userId.toLowerCase()) {
        throw new HttpProblem(404, `No order "${id}"`);
      }
      const { view, paidAt } = found;
      if (!PAID_STATUSES.includes(view.status) || view.status === "GRANTING") {
        throw new HttpProblem(409, "This order has no receipt: it is not paid");
      }
      const names = await displayNames(sql, [view.buyerId, ...view.lines.map((l) => l.creatorId)]);
      const pdf = await receiptPdf({
        order: view,
        paidAt: paidAt ?? new Date(view.updatedAt),
        buyerName: names.get(view.buyerId) ?? null,
        sellers: names,
        now: clock(),
      });
      c.header("cache-control", "private, no-store");
      c.header(
        "content-disposition",
        `attachment; filename="marquee-receipt-${id.slice(0, 8)}.pdf"`,
      );
      return c.body(pdf.slice().buffer, 200, { "content-type": "application/pdf" });
    },
  );

  return router;
}
