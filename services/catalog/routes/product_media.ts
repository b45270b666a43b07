/**
 * What a product carries besides its fields: cover uploads and downloadable files. Bytes go
 * from the browser straight to the blob store through presigned URLs; this service signs
 * them and keeps the records. A file counts only once its upload is confirmed: the stored
 * object is checked against what was announced, and records never confirmed are swept.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, z } from "@marquee/http";
import { countLicenceKeys } from "../db/licence_keys.ts";
import {
  confirmFile,
  countFileRecords,
  countFiles,
  deleteFile,
  findFile,
  insertFile,
} from "../db/product_files.ts";
import { detailsOf, findProductView, touchProduct } from "../db/products.ts";
import { canEdit, missingForSale } from "../domain/lifecycle.ts";
import { productUpdated } from "../events/outgoing.ts";
import { lockAllowed, noProduct } from "./_access.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, Printable, problems, ProductFile, ProductId, Upload } from "./_schemas.ts";
import {
  checkFileUpload,
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

const IdParam = z.object({ id: ProductId });
const FileParams = z.object({ id: ProductId, fileId: z.string().uuid() });

/** Routes under `/api/products/{id}` for covers and files. */
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
      summary: "Announce a downloadable file and get its presigned upload",
      description: "The file is listed once `POST /{id}/files/{fileId}/confirm` has checked " +
        "the upload; an announcement never confirmed is swept.",
      security: [{ bearer: [] }],
      middleware: [auth, creator],
      request: { params: IdParam, body: { required: true, content: json(FileRequest) } },
      responses: {
        201: {
          description: "The unconfirmed file and where to PUT it",
          content: json(FileUpload),
        },
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
        if (await countFileRecords(tx, id) >= MAX_FILES) {
          throw new HttpProblem(409, `A product has at most ${MAX_FILES} files`);
        }
        await insertFile(tx, { id: fileId, productId: id, ...body, key, createdAt: now });
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
      method: "post",
      path: "/{id}/files/{fileId}/confirm",
      tags: ["products"],
      summary: "Confirm a file's upload: the stored object is checked, then the file is listed",
      description: "A missing upload or one unlike what was announced (size, type) removes " +
        "the file: announce it again. Confirming twice answers the same.",
      security: [{ bearer: [] }],
      middleware: [auth, creator],
      request: { params: FileParams },
      responses: {
        200: { description: "The file, now listed", content: json(ProductFile) },
        ...problems({
          401: "Not signed in",
          403: "Not a creator",
          404: "No such product or file",
          409: "Archived, or nothing was uploaded: `errors` names `file`",
          422: "Bad ids, or the upload differs from the announcement: `errors` names `file`",
        }),
      },
    }),
    async (c) => {
      const { id, fileId } = c.req.valid("param");
      const principal = c.get("principal");
      const now = clock();
      await owned(id, principal);
      const file = await findFile(sql, id, fileId);
      if (!file) throw new HttpProblem(404, `No file "${fileId}" in product "${id}"`);
      const listed = {
        id: file.id,
        name: file.name,
        size: file.size,
        contentType: file.contentType,
      };
      if (file.confirmedAt) return c.json(listed, 200);
      const refusal = await checkFileUpload(blobs, file);
      if (refusal) {
        await sql.begin((tx) => deleteFile(tx, id, fileId));
        await blobs.delete(file.key).catch(() => {});
        throw refusal;
      }
      await sql.begin(async (tx) => {
        const p = await lockAllowed(tx, id, principal, canEdit);
        if (p.status === "archived") throw new HttpProblem(409, "Archived products cannot change");
        if (!(await findFile(tx, id, fileId))) {
          throw new HttpProblem(404, `No file "${fileId}" in product "${id}"`);
        }
        await confirmFile(tx, fileId, now);
        await touchProduct(tx, id, now);
        await productUpdated(tx, { ...p, updatedAt: now }, ["files"]);
      });
      return c.json(listed, 200);
    },
  );

  router.openapi(
    createRoute({
      method: "delete",
      path: "/{id}/files/{fileId}",
      tags: ["products"],
      summary: "Remove a downloadable file, confirmed or not, and its stored object",
      security: [{ bearer: [] }],
      middleware: [auth, creator],
      request: { params: FileParams },
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
        if (!file.confirmedAt) return file; // never listed: nothing else changes
        if (p.status === "published") {
          const missing = missingForSale({
            ...p,
            ...detailsOf(p),
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

  return router;
}
