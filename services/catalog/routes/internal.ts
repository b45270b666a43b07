/**
 * `GET /internal/products/{id}/files/{fileId}/download-url`: a short-lived URL of a product
 * file, for services that have checked the caller may have it (subscriptions, for owners).
 * The catalog owns the files, so it alone knows where they are kept and signs their URLs;
 * archived products' files stay downloadable for their owners. Only confirmed files are
 * served, and a file whose object has gone answers 410, never a URL that fails. Guarded by
 * `x-internal-token`; the edge never routes `/internal`, so browsers cannot reach it.
 * @module
 */
import { createRoute, createRouter, HttpProblem, requireInternalToken, z } from "@marquee/http";
import { findFile } from "../db/product_files.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, problems } from "./_schemas.ts";

const DownloadUrl = z.object({
  url: z.string().describe("Serves the file as an attachment until `expiresAt`"),
  expiresAt: z.string().datetime(),
  name: z.string(),
}).openapi("DownloadUrl");

/** Routes under `/internal`. */
export function internalRoutes(deps: RouteDeps) {
  const { sql, config, clock, blobs, logger } = deps;
  const router = createRouter();
  router.openapi(
    createRoute({
      method: "get",
      path: "/products/{id}/files/{fileId}/download-url",
      tags: ["internal"],
      summary: "A short-lived URL of a product file (services only)",
      security: [{ internalToken: [] }],
      middleware: [requireInternalToken({ token: config.INTERNAL_TOKEN })],
      request: { params: z.object({ id: z.string().uuid(), fileId: z.string().uuid() }) },
      responses: {
        200: { description: "The URL", content: json(DownloadUrl) },
        ...problems({
          401: "Internal token missing or wrong",
          404: "No such file in the product",
          410: "The file's stored object is gone",
          422: "Bad ids",
        }),
      },
    }),
    async (c) => {
      const { id, fileId } = c.req.valid("param");
      const file = await findFile(sql, id.toLowerCase(), fileId.toLowerCase());
      if (!file?.confirmedAt) throw new HttpProblem(404, `No file "${fileId}" in product "${id}"`);
      if (!(await blobs.head(file.key))) {
        logger.error("A product file's object is missing", { productId: id, key: file.key });
        throw new HttpProblem(410, `The file "${file.name}" is no longer available`);
      }
      const expiresInSec = config.DOWNLOAD_URL_TTL_SEC;
      const expiresAt = new Date(clock().getTime() + expiresInSec * 1000);
      const url = await blobs.presignGet(file.key, { expiresInSec, downloadName: file.name });
      c.header("cache-control", "no-store");
      return c.json({ url, expiresAt: expiresAt.toISOString(), name: file.name }, 200);
    },
  );
  return router;
}
