/**
 * `GET /api/sales`: the order lines of the caller's products, newest order first, with
 * cursor pagination. Creators see their own products' lines; admins see every line (or one
 * creator's with `creatorId`). Completed orders only unless `status` asks otherwise.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import {
  createRoute,
  createRouter,
  cursorCodec,
  HttpProblem,
  validationProblem,
  z,
} from "@marquee/http";
import { lineTotal, listSales } from "../db/sales.ts";
import { SAGA_STATUSES } from "../domain/saga_types.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, Price, problems } from "./_schemas.ts";

const Sale = z.object({
  orderId: z.string().uuid(),
  status: z.enum(SAGA_STATUSES),
  placedAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  productId: z.string().uuid(),
  title: z.string(),
  type: z.string(),
  creatorId: z.string(),
  quantity: z.number().int(),
  unitPrice: Price,
  lineTotal: Price,
}).openapi("Sale");

const SalesPage = z.object({ items: z.array(Sale), nextCursor: z.string().nullable() })
  .openapi("SalesPage");

const SalesQuery = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  status: z.enum([...SAGA_STATUSES, "ANY"]).default("COMPLETED"),
  creatorId: z.string().min(1).max(100).optional().describe("Admins only: one creator's sales"),
});

const cursors = cursorCodec(z.object({
  placedAt: z.iso.datetime({ offset: true }),
  orderId: z.guid(),
  lineNo: z.number().int().min(1).max(1000),
}));

/** Routes under `/api/sales`. */
export function salesRoutes(deps: Pick<RouteDeps, "sql" | "verifier">) {
  const { sql, verifier } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["sales"],
      summary: "Order lines of the caller's products (every product's for admins)",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier })],
      request: { query: SalesQuery },
      responses: {
        200: { description: "One page, newest order first", content: json(SalesPage) },
        ...problems({ 401: "Not signed in", 403: "Not a creator", 422: "Bad query" }),
      },
    }),
    async (c) => {
      const principal = c.get("principal");
      const query = c.req.valid("query");
      const admin = principal.roles.includes("admin");
      if (!admin && !principal.roles.includes("creator")) {
        throw new HttpProblem(403, "Only creators and admins have sales");
      }
      if (query.creatorId !== undefined && !admin) {
        throw validationProblem([{ field: "query.creatorId", message: "Only admins may set it" }]);
      }
      const after = cursors.decode(query.cursor);
      const rows = await listSales(sql, {
        creatorId: admin ? query.creatorId ?? null : principal.userId,
        status: query.status === "ANY" ? null : query.status,
        after,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > query.limit && last
        ? cursors.encode({ placedAt: last.placedAt, orderId: last.orderId, lineNo: last.lineNo })
        : null;
      const items = page.map((r) => ({
        orderId: r.orderId,
        status: r.status,
        placedAt: r.placedAt,
        updatedAt: r.updatedAt,
        productId: r.line.productId,
        title: r.line.title,
        type: r.line.type,
        creatorId: r.line.creatorId,
        quantity: r.line.quantity,
        unitPrice: r.line.unitPrice,
        lineTotal: lineTotal(r.line),
      }));
      c.header("cache-control", "private, no-store");
      return c.json({ items, nextCursor }, 200);
    },
  );

  return router;
}
