/**
 * `POST /api/orders/{id}/refund` (admins): refunds a completed order. The saga sends the
 * refund to payments and the revocation to subscriptions at once and ends REFUNDED when
 * both have answered. Asking again, or after the provider reported the refund itself,
 * changes nothing and answers with the order as it stands.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, z } from "@marquee/http";
import { findSaga } from "../db/sagas.ts";
import { toView } from "../domain/view.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, Order, problems } from "./_schemas.ts";

const RefundRequest = z.object({
  reason: z.string().trim().min(1).max(500).optional()
    .describe("Why, for the records and the buyer's revocation notice"),
}).strict().openapi("RefundRequest");

/** Statuses in which a refund was already asked for or done. */
const REFUNDED = new Set(["REFUNDING", "REFUNDED"]);

/** Routes under `/api/orders` for refunds. */
export function refundRoutes(deps: RouteDeps) {
  const { sql, verifier, executor } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/refund",
      tags: ["orders"],
      summary: "Refund a completed order and revoke what it granted (admins)",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier }), requireRole("admin")],
      request: {
        params: z.object({ id: z.string().uuid() }),
        body: { required: false, content: json(RefundRequest) },
      },
      responses: {
        202: { description: "The refund started", content: json(Order) },
        200: { description: "Refunded or refunding already", content: json(Order) },
        ...problems({
          401: "Not signed in",
          403: "Not an admin",
          404: "No such order",
          409: "The order is not completed",
          422: "Bad fields",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      // No body at all is a refund without a stated reason.
      const reason = c.req.valid("json")?.reason ?? "Refunded by an administrator";
      const moved = await sql.begin((tx) =>
        executor.apply(tx, id, { type: "refund.requested", reason, requestedBy: principal.userId })
      );
      const state = moved ?? await findSaga(sql, id);
      if (!state) throw new HttpProblem(404, `No order "${id}"`);
      c.header("cache-control", "no-store");
      if (moved) return c.json(toView(state), 202);
      if (REFUNDED.has(state.status)) return c.json(toView(state), 200);
      throw new HttpProblem(
        409,
        `Order "${id}" is ${state.status}; only a completed order is refunded`,
      );
    },
  );
  return router;
}
