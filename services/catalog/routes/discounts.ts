/**
 * Discount codes: creators list, make and deactivate theirs (`/api/discounts`); buyers
 * preview what a code takes off their cart (`POST /api/discounts/quote`, no side effects).
 * The checkout redeems codes through the internal redemptions API.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { isUniqueViolation } from "@marquee/db";
import { createRoute, createRouter, HttpProblem, validationProblem, z } from "@marquee/http";
import {
  CODE_TAKEN,
  deactivateCode,
  type DiscountRow,
  insertCode,
  listCodes,
  notOwned,
} from "../db/discounts.ts";
import { CODE_PATTERN, DISCOUNT_KINDS, normalizeCode } from "../domain/discounts.ts";
import type { RouteDeps } from "./_deps.ts";
import { applyCode, CodeText, PricedLines, Quote } from "./_pricing.ts";
import { Currency, json, MAX_AMOUNT, problems, ProductId } from "./_schemas.ts";

const Discount = z.object({
  id: z.string().uuid(),
  code: z.string(),
  kind: z.enum(DISCOUNT_KINDS),
  percentOff: z.number().int().nullable(),
  amountOff: z.object({ amount: z.number().int(), currency: z.string() }).nullable(),
  productIds: z.array(z.string().uuid()).describe("Empty: all of the creator's products"),
  maxRedemptions: z.number().int().nullable(),
  redemptions: z.number().int(),
  expiresAt: z.string().datetime().nullable(),
  active: z.boolean(),
  createdAt: z.string().datetime(),
}).openapi("Discount");

const CreateDiscount = z.object({
  code: z.string().trim().transform(normalizeCode).pipe(
    z.string().regex(
      CODE_PATTERN,
      "Use 3 to 32 letters, digits, dashes or underscores, starting with a letter or digit",
    ),
  ),
  percentOff: z.number().int().min(1, "At least 1%").max(100, "At most 100%").optional(),
  amountOff: z.object({
    amount: z.number().int().min(1, "Enter an amount above 0").max(MAX_AMOUNT),
    currency: Currency,
  }).strict().optional(),
  productIds: z.array(ProductId).max(100).default([]).describe("Empty: all of yours"),
  maxRedemptions: z.number().int().min(1, "At least 1").max(1_000_000).nullable().default(null),
  expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
}).strict().openapi("CreateDiscount");

const DiscountList = z.object({ items: z.array(Discount) }).openapi("DiscountList");
const QuoteRequest = z.object({ code: CodeText, lines: PricedLines }).strict()
  .openapi("DiscountQuoteRequest");
const BEARER = [{ bearer: [] }];

function toDiscount(d: DiscountRow): z.infer<typeof Discount> {
  return {
    id: d.id,
    code: d.code,
    kind: d.kind,
    percentOff: d.percentOff,
    amountOff: d.amountOff === null ? null : { amount: d.amountOff, currency: d.currency ?? "" },
    productIds: d.productIds,
    maxRedemptions: d.maxRedemptions,
    redemptions: d.redemptions,
    expiresAt: d.expiresAt?.toISOString() ?? null,
    active: d.active,
    createdAt: d.createdAt.toISOString(),
  };
}

/** Routes under `/api/discounts`. */
export function discountsRoutes(deps: RouteDeps) {
  const { sql, clock, verifier } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  const creator = [requireAuth({ verifier }), requireRole("creator")];

  router.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["discounts"],
      summary: "The caller's discount codes, newest first",
      security: BEARER,
      middleware: creator,
      responses: {
        200: { description: "The codes", content: json(DiscountList) },
        ...problems({ 401: "Not signed in", 403: "Not a creator" }),
      },
    }),
    async (c) => {
      const rows = await listCodes(sql, c.get("principal").userId);
      c.header("cache-control", "private, no-store");
      return c.json({ items: rows.map(toDiscount) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["discounts"],
      summary: "Make a code: a percentage or an amount off, for some or all of one's products",
      security: BEARER,
      middleware: creator,
      request: { body: { required: true, content: json(CreateDiscount) } },
      responses: {
        201: { description: "The code", content: json(Discount) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          409: "Code taken",
          422: "Bad fields, or products that are not the caller's",
        }),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const creatorId = c.get("principal").userId;
      if ((body.percentOff === undefined) === (body.amountOff === undefined)) {
        throw validationProblem([{
          field: "body.percentOff",
          message: "Give either a percentage or an amount off",
        }]);
      }
      const now = clock();
      if (body.expiresAt && new Date(body.expiresAt) <= now) {
        throw validationProblem([{ field: "body.expiresAt", message: "Choose a time to come" }]);
      }
      const productIds = [...new Set(body.productIds)];
      const id = crypto.randomUUID();
      try {
        const created = await sql.begin(async (tx) => {
          const foreign = productIds.length ? await notOwned(tx, productIds, creatorId) : [];
          if (foreign.length > 0) {
            throw validationProblem([{
              field: "body.productIds",
              message: `Not one of your products: "${foreign[0]}"`,
            }]);
          }
          await insertCode(tx, {
            id,
            creatorId,
            code: body.code,
            kind: body.percentOff !== undefined ? "percent" : "amount",
            percentOff: body.percentOff ?? null,
            amountOff: body.amountOff?.amount ?? null,
            currency: body.amountOff?.currency ?? null,
            productIds,
            maxRedemptions: body.maxRedemptions,
            expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
            at: now,
          });
          return (await listCodes(tx, creatorId)).find((d) => d.id === id)!;
        });
        c.header("location", `/api/discounts/${id}`);
        return c.json(toDiscount(created), 201);
      } catch (error) {
        if (!isUniqueViolation(error, CODE_TAKEN)) throw error;
        throw new HttpProblem(409, `Code "${body.code}" is taken; choose another`, {
          errors: [{ field: "body.code", message: `Code "${body.code}" is taken` }],
        });
      }
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/deactivate",
      tags: ["discounts"],
      summary: "Stop a code; orders that used it keep their discount",
      security: BEARER,
      middleware: creator,
      request: { params: z.object({ id: z.string().uuid() }) },
      responses: {
        200: { description: "The code", content: json(Discount) },
        ...problems({ 401: "Not signed in", 403: "Not a creator", 404: "No such code" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await deactivateCode(sql, id, c.get("principal").userId, clock());
      if (!row) throw new HttpProblem(404, `No discount code "${id}"`);
      return c.json(toDiscount(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/quote",
      tags: ["discounts"],
      summary: "What a code takes off some priced lines now (a preview; nothing is redeemed)",
      request: { body: { required: true, content: json(QuoteRequest) } },
      responses: {
        200: { description: "The discount", content: json(Quote) },
        ...problems({ 422: "Bad fields, or a code that gives nothing here, saying why" }),
      },
    }),
    async (c) => {
      const { code, lines } = c.req.valid("json");
      const { quote } = await applyCode(sql, code, lines, clock());
      c.header("cache-control", "no-store");
      return c.json(quote, 200);
    },
  );

  return router;
}
