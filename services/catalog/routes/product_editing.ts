/**
 * Creators' changes to their products' fields: `POST /api/products` and
 * `PATCH /api/products/{id}`. Each change and its event commit together.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { ProductType } from "@marquee/contracts";
import { isUniqueViolation, type Tx } from "@marquee/db";
import { createRoute, createRouter, HttpProblem, validationProblem, z } from "@marquee/http";
import { countFiles } from "../db/product_files.ts";
import { countLicenceKeys } from "../db/licence_keys.ts";
import { takenUnits } from "../db/holds.ts";
import {
  detailsOf,
  type Editable,
  findProductView,
  type ProductRow,
  type ProductView,
  SLUG_TAKEN,
  updateProduct,
} from "../db/products.ts";
import { CAPACITY_TYPES, decideCapacity } from "../domain/inventory.ts";
import { canEdit, missingForSale } from "../domain/lifecycle.ts";
import { renderMarkdown } from "../domain/markdown.ts";
import { misplacedDetails, resolveEvent, type TypeDetails } from "../domain/product_types.ts";
import { slugify } from "../domain/slug.ts";
import { productCreated, productUpdated } from "../events/outgoing.ts";
import { lockAllowed, noProduct } from "./_access.ts";
import type { RouteDeps } from "./_deps.ts";
import {
  Capacity,
  Category,
  Description,
  EventInput,
  json,
  MembershipInput,
  Price,
  problems,
  Product,
  ProductId,
  Slug,
  Tags,
  Title,
  toProduct,
  toProductForEditor,
} from "./_schemas.ts";
import { insertWithFreeSlug, slugTaken } from "./_slugs.ts";
import { checkCoverUpload } from "./_uploads.ts";

const CreateProduct = z.object({
  type: ProductType,
  title: Title,
  slug: Slug.optional().describe("Made from the title when absent"),
  description: Description.default("").describe("Markdown"),
  price: Price,
  category: Category.nullable().optional(),
  tags: Tags.default([]),
  capacity: Capacity.nullable().optional().describe("Seats; only live_ticket and course"),
  event: EventInput.nullable().optional().describe("Only live_ticket; needed to publish"),
  membership: MembershipInput.nullable().optional().describe(
    "Only membership; needed to publish",
  ),
}).strict().openapi("CreateProduct");

const UpdateProduct = z.object({
  title: Title.optional(),
  slug: Slug.optional(),
  description: Description.optional(),
  price: Price.optional(),
  category: Category.nullable().optional(),
  tags: Tags.optional(),
  capacity: Capacity.nullable().optional().describe("null removes the limit"),
  event: EventInput.nullable().optional().describe("Only live_ticket; null removes it"),
  membership: MembershipInput.nullable().optional().describe("Only membership; null removes it"),
  coverKey: z.string().min(1).max(512).nullable().optional().describe(
    "The `key` of a finished cover upload; null removes the cover",
  ),
}).strict().openapi("UpdateProduct");

const IdParam = z.object({ id: ProductId });

/** A 422 unless products of `type` may have a capacity. */
function checkCapacityType(type: ProductType, capacity: number | null | undefined) {
  if (capacity === null || capacity === undefined || CAPACITY_TYPES.includes(type)) return;
  throw validationProblem([{
    field: "body.capacity",
    message: `Only ${CAPACITY_TYPES.join(" and ")} products have a capacity`,
  }]);
}

/**
 * The type-specific fields a request sets, checked against the product's type: a 422 naming
 * the field when they do not fit. Absent fields stay undefined (keep), null clears.
 */
function typeDetailsOf(
  type: ProductType,
  body: {
    event?: z.infer<typeof EventInput> | null;
    membership?: z.infer<typeof MembershipInput> | null;
  },
): Partial<TypeDetails> {
  const details: Partial<TypeDetails> = {};
  if (body.event !== undefined) {
    if (body.event === null) details.event = null;
    else {
      const resolved = resolveEvent({
        ...body.event,
        durationMinutes: body.event.durationMinutes ?? null,
      });
      if (!resolved.ok) {
        throw validationProblem(resolved.errors.map((e) => ({ ...e, field: `body.${e.field}` })));
      }
      details.event = resolved.event;
    }
  }
  if (body.membership !== undefined) details.membership = body.membership;
  const misplaced = misplacedDetails(type, details);
  if (misplaced.length > 0) {
    throw validationProblem(misplaced.map((e) => ({ ...e, field: `body.${e.field}` })));
  }
  return details;
}

/** The row columns of type-specific fields. */
function detailColumns(d: TypeDetails) {
  return {
    eventStartsAt: d.event?.startsAt ?? null,
    eventTimeZone: d.event?.timeZone ?? null,
    eventDurationMinutes: d.event?.durationMinutes ?? null,
    billingPeriod: d.membership?.period ?? null,
    perks: d.membership?.perks ?? [],
  };
}

/** The editable fields after `patch`; absent fields keep their value, null clears. */
function applyPatch(
  p: ProductRow,
  patch: z.infer<typeof UpdateProduct>,
  details: Partial<TypeDetails>,
): Editable {
  const keep = <T>(value: T | undefined, current: T) => value === undefined ? current : value;
  const current = detailsOf(p);
  return {
    ...detailColumns({
      event: keep(details.event, current.event),
      membership: keep(details.membership, current.membership),
    }),
    slug: keep(patch.slug, p.slug),
    title: keep(patch.title, p.title),
    description: keep(patch.description, p.description),
    descriptionHtml: patch.description === undefined
      ? p.descriptionHtml
      : renderMarkdown(patch.description),
    priceAmount: keep(patch.price?.amount, p.priceAmount),
    priceCurrency: keep(patch.price?.currency, p.priceCurrency),
    coverKey: keep(patch.coverKey, p.coverKey),
    category: keep(patch.category, p.category),
    tags: keep(patch.tags, p.tags),
    capacity: keep(patch.capacity, p.capacity),
  };
}

/** Names of the editable fields that differ. */
function changedFields(before: Editable, after: Editable): string[] {
  const same: Record<keyof Editable, boolean> = {
    slug: before.slug === after.slug,
    title: before.title === after.title,
    description: before.description === after.description,
    descriptionHtml: true, // follows description
    priceAmount: before.priceAmount === after.priceAmount,
    priceCurrency: before.priceCurrency === after.priceCurrency,
    coverKey: before.coverKey === after.coverKey,
    category: before.category === after.category,
    tags: before.tags.join("\n") === after.tags.join("\n"),
    capacity: before.capacity === after.capacity,
    eventStartsAt: before.eventStartsAt?.getTime() === after.eventStartsAt?.getTime(),
    eventTimeZone: before.eventTimeZone === after.eventTimeZone,
    eventDurationMinutes: before.eventDurationMinutes === after.eventDurationMinutes,
    billingPeriod: before.billingPeriod === after.billingPeriod,
    perks: before.perks.join("\n") === after.perks.join("\n"),
  };
  const names = Object.entries(same).filter(([, s]) => !s).map(([name]) =>
    name === "priceAmount" || name === "priceCurrency"
      ? "price"
      : name.startsWith("event")
      ? "event"
      : name === "billingPeriod" || name === "perks"
      ? "membership"
      : name
  );
  return [...new Set(names)];
}

/** Routes under `/api/products` that create products and change their fields. */
export function productEditingRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, blobs, logger } = deps;
  const auth = requireAuth({ verifier });
  const router = createRouter<{ Variables: AuthVariables }>();
  const view = async (tx: Tx, id: string, now: Date) =>
    (await findProductView(tx, { id }, now)) as ProductView;

  router.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["products"],
      summary: "Start a product as a draft",
      security: [{ bearer: [] }],
      middleware: [auth, requireRole("creator")],
      request: { body: { required: true, content: json(CreateProduct) } },
      responses: {
        201: { description: "The draft", content: json(Product) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          409: "Slug taken",
          413: "Body too large",
          422: "Bad fields",
        }),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      checkCapacityType(body.type, body.capacity);
      const details = typeDetailsOf(body.type, body);
      const now = clock();
      const draft: ProductRow = {
        id: crypto.randomUUID(),
        creatorId: c.get("principal").userId,
        type: body.type,
        slug: body.slug ?? slugify(body.title),
        title: body.title,
        description: body.description,
        descriptionHtml: renderMarkdown(body.description),
        priceAmount: body.price.amount,
        priceCurrency: body.price.currency,
        coverKey: null,
        category: body.category ?? null,
        tags: body.tags,
        status: "draft",
        capacity: body.capacity ?? null,
        ...detailColumns({ event: details.event ?? null, membership: details.membership ?? null }),
        createdAt: now,
        updatedAt: now,
        publishedAt: null,
      };
      const created = await sql.begin(async (tx) => {
        const row = await insertWithFreeSlug(tx, draft, body.slug !== undefined);
        await productCreated(tx, row);
        return await view(tx, row.id, now);
      });
      c.header("location", `/api/products/${created.id}`);
      return c.json(toProduct(created), 201);
    },
  );

  router.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["products"],
      summary: "Change some fields of one's own product",
      security: [{ bearer: [] }],
      middleware: [auth, requireRole("creator")],
      request: {
        params: IdParam,
        body: { required: true, content: json(UpdateProduct) },
      },
      responses: {
        200: { description: "The product", content: json(Product) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product of the caller",
          409: "Slug taken, archived, or capacity below what is sold",
          422: "Bad fields",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const patch = c.req.valid("json");
      const principal = c.get("principal");
      const now = clock();
      if (patch.coverKey) {
        const current = await findProductView(sql, { id }, now);
        if (!current || !canEdit(current, principal)) throw noProduct(id);
        if (patch.coverKey !== current.coverKey) await checkCoverUpload(blobs, id, patch.coverKey);
      }
      let replacedCover: string | null = null;
      let updated: ProductView;
      try {
        updated = await sql.begin(async (tx) => {
          const p = await lockAllowed(tx, id, principal, canEdit);
          if (p.status === "archived") {
            throw new HttpProblem(409, "Archived products cannot be edited");
          }
          checkCapacityType(p.type, patch.capacity);
          const next = applyPatch(p, patch, typeDetailsOf(p.type, patch));
          const changed = changedFields(p, next);
          if (changed.length === 0) return await view(tx, id, now);
          if (changed.includes("capacity")) {
            const decision = decideCapacity(next.capacity, await takenUnits(tx, id, now));
            if (decision.kind === "refuse") throw new HttpProblem(409, decision.detail);
          }
          if (p.status === "published") {
            const missing = missingForSale({
              ...p,
              ...next,
              ...detailsOf({ ...p, ...next }),
              price: { amount: next.priceAmount, currency: next.priceCurrency },
              licenceKeys: await countLicenceKeys(tx, id),
              files: await countFiles(tx, id),
            });
            if (missing.length > 0) {
              throw new HttpProblem(409, "A published product must stay ready for sale", {
                errors: missing,
              });
            }
          }
          await updateProduct(tx, id, next, now);
          await productUpdated(tx, { ...p, ...next, updatedAt: now }, changed, p.slug);
          if (changed.includes("coverKey")) replacedCover = p.coverKey;
          return await view(tx, id, now);
        });
      } catch (error) {
        if (isUniqueViolation(error, SLUG_TAKEN)) throw slugTaken(patch.slug ?? "");
        throw error;
      }
      const old: string | null = replacedCover;
      if (old) {
        blobs.delete(old).catch((error) =>
          logger.warn("Replaced cover not deleted", { key: old, error: (error as Error).message })
        );
      }
      return c.json(await toProductForEditor(updated, blobs), 200);
    },
  );

  return router;
}
