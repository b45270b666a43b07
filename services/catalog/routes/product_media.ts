/**
 * What a product carries besides its fields: cover uploads, downloadable files and the
 * licence-key pool. Bytes go from the browser straight to the blob store through
 * presigned URLs; this service only signs them and keeps the records.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, z } from "@marquee/http";
import { addLicenceKeys, countLicenceKeys } from "../db/licence_keys.ts";
import { countFiles, deleteFile, insertFile } from "../db/product_files.ts";
import { findProductView, touchProduct } from "../db/products.ts";
import { canEdit, missingForSale } from "../domain/lifecycle.ts";
import { productUpdated } from "../events/outgoing.ts";
import { lockAllowed, noProduct } from "./_access.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, Printable, problems, ProductFile, ProductId, Upload } from "./_schemas.ts";
import { stockOf } from "../db/stock.ts";
import {
  COVER_TYPES,
  type CoverType,
  fileKey,
  MAX_COVER_BYTES,
  MAX_FILE_BYTES,
  newCoverKey,
  UPLOAD_URL_TTL_SEC,
} from "./_uploads.ts";

const MAX_FILES = 100;

const CoverUploadRequest = z.object({
  contentType: z.enum(Object.keys(COVER_TYPES) as [CoverType, ...CoverType[]]),
  size: z.number().int().min(1).max(MAX_COVER_BYTES).describe("Bytes"),
}).strict().openapi("CoverUploadRequest");

const CoverUpload = z.object({
  upload: Upload,
  key: z.string().describe("Send it as `coverKey` in a PATCH once the upload is done"),
}).openapi("CoverUpload");

const FileRequest = z.object({
  name: Printable(200).refine((n) => !/[\\/]/.test(n), "Must not contain slashes"),
  size: z.number().int().min(1).max(MAX_FILE_BYTES).describe("Bytes"),
  contentType: z.string().max(100).regex(
    /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i,
    "Must be a media type such as application/zip",
  ),
}).strict().openapi("FileRequest");

const FileUpload = z.object({
  file: ProductFile,
  upload: Upload,
  key: z.string(),
}).openapi("FileUpload");

const LicenceKeysRequest = z.object({
  keys: z.array(Printable(200)).min(1).max(1000),
}).strict().openapi("LicenceKeysRequest");

const LicenceKeysResult = z.object({
  added: z.number().int(),
  duplicates: z.number().int().describe("Keys skipped: repeated, or already in the pool"),
  total: z.number().int(),
  available: z.number().int().nullable(),
}).openapi("LicenceKeysResult");

const IdParam = z.object({ id: ProductId });

/** Routes under `/api/products/{id}` for covers, files and licence keys. */
export function productMediaRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, blobs, logger } = deps;
  const auth = requireAuth({ verifier });
  const creator = requireRole("creator");
  const router = createRouter<{ Variables: AuthVariables }>();
  const owned = async (id: string, principal: AuthVariables["principal"]) => {
    const view = await findProductView(sql, { id }, clock());
    if (!view || !canEdit(view, principal)) throw noProduct(id);
    return view;
  };

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/cover-upload",
      tags: ["products"],
      summary: "A presigned upload for a cover image",
      security: [{ bearer: [] }],
      middleware: [auth, creator],
      request: { params: IdParam, body: { required: true, content: json(CoverUploadRequest) } },
      responses: {
        200: { description: "Where to PUT the image", content: json(CoverUpload) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product",
          422: "Bad fields",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { contentType, size } = c.req.valid("json");
      await owned(id, c.get("principal"));
      const key = newCoverKey(id, contentType);
      const upload = await blobs.presignPut(key, {
        contentType,
        maxBytes: size,
        expiresInSec: UPLOAD_URL_TTL_SEC,
      });
      return c.json({ upload, key }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/files",
      tags: ["products"],
      summary: "Add a downloadable file and get its presigned upload",
      security: [{ bearer: [] }],
      middleware: [auth, creator],
      request: { params: IdParam, body: { required: true, content: json(FileRequest) } },
      responses: {
        201: { description: "The file record and where to PUT it", content: json(FileUpload) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product",
          409: "Archived, or too many files",
          422: "Bad fields",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const principal = c.get("principal");
      const now = clock();
      const fileId = crypto.randomUUID();
      const key = fileKey(id, fileId);
      await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, principal, canEdit);
        if (p.status === "archived") throw new HttpProblem(409, "Archived products cannot change");
        if (await countFiles(tx, id) >= MAX_FILES) {
          throw new HttpProblem(409, `A product has at most ${MAX_FILES} files`);
        }
        await insertFile(tx, { id: fileId, productId: id, ...body, key, createdAt: now });
        await touchProduct(tx, id, now);
        await productUpdated(tx, { ...p, updatedAt: now }, ["files"]);
      });
      const upload = await blobs.presignPut(key, {
        contentType: body.contentType,
        maxBytes: body.size,
        expiresInSec: UPLOAD_URL_TTL_SEC,
      });
      const file = { id: fileId, name: body.name, size: body.size, contentType: body.contentType };
      return c.json({ file, upload, key }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: "delete",
      path: "/{id}/files/{fileId}",
      tags: ["products"],
      summary: "Remove a downloadable file",
      security: [{ bearer: [] }],
      middleware: [auth, creator],
      request: { params: z.object({ id: ProductId, fileId: z.string().uuid() }) },
      responses: {
        204: { description: "Removed" },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product or file",
          409: "The product would no longer be sellable",
        }),
      },
    }),
    async (c) => {
      const { id, fileId } = c.req.valid("param");
      const principal = c.get("principal");
      const now = clock();
      const removed = await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, principal, canEdit);
        const file = await deleteFile(tx, id, fileId);
        if (!file) throw new HttpProblem(404, `No file "${fileId}" in product "${id}"`);
        if (p.status === "published") {
          const missing = missingForSale({
            ...p,
            price: { amount: p.priceAmount, currency: p.priceCurrency },
            licenceKeys: await countLicenceKeys(tx, id),
            files: await countFiles(tx, id),
          });
          if (missing.length > 0) {
            throw new HttpProblem(409, "A published product must stay ready for sale", {
              errors: missing,
            });
          }
        }
        await touchProduct(tx, id, now);
        await productUpdated(tx, { ...p, updatedAt: now }, ["files"]);
        return file;
      });
      blobs.delete(removed.key).catch((error) =>
        logger.warn("Removed file not deleted", {
          key: removed.key,
          error: (error as Error).message,
        })
      );
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/licence-keys",
      tags: ["products"],
      summary: "Add licence keys to a software product's pool",
      security: [{ bearer: [] }],
      middleware: [auth, creator],
      request: { params: IdParam, body: { required: true, content: json(LicenceKeysRequest) } },
      responses: {
        200: { description: "Counts only; keys are never shown", content: json(LicenceKeysResult) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product",
          409: "Not a software product, or archived",
          413: "Body too large",
          422: "Bad keys",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { keys } = c.req.valid("json");
      const principal = c.get("principal");
      const now = clock();
      const result = await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, principal, canEdit);
        if (p.type !== "software") {
          throw new HttpProblem(409, "Only software products have licence keys");
        }
        if (p.status === "archived") throw new HttpProblem(409, "Archived products cannot change");
        const added = await addLicenceKeys(tx, id, [...new Set(keys)], now);
        if (added > 0) {
          await touchProduct(tx, id, now);
          await productUpdated(tx, { ...p, updatedAt: now }, ["licenceKeys"]);
        }
        const stock = await stockOf(tx, p, now);
        return {
          added,
          duplicates: keys.length - added,
          total: stock.licenceKeys,
          available: stock.available,
        };
      });
      return c.json(result, 200);
    },
  );

  return router;
}
