/**
 * The catalog as the library uses it: a product's downloadable files and what its type gives
 * (a live ticket's event, a membership's perks), read from its public product JSON
 * (`GET /api/products/{id}` lists `files: [{id, name, size, contentType}]`, `event`, `membership`),
 * and a short-lived URL of one file, which the catalog signs for an owner this service
 * has checked (`GET /internal/products/{id}/files/{fileId}/download-url`, internal token).
 * @module
 */
import type { Registry } from "@marquee/metrics";
import { createUpstream } from "@marquee/resilience";
import { z } from "zod";

/** A downloadable file as the catalog lists it. */
export const CatalogFile = z.object({
  id: z.string().uuid(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  contentType: z.string(),
});
/** A downloadable file as the catalog lists it. */
export type CatalogFile = z.infer<typeof CatalogFile>;

/** A live ticket's event as the catalog shows it. */
export const CatalogEvent = z.object({
  startsAt: z.string(),
  timeZone: z.string(),
  durationMinutes: z.number().int().nullable(),
});
/** A membership's terms as the catalog shows them. */
export const CatalogMembership = z.object({
  period: z.enum(["month", "year"]),
  perks: z.array(z.string()),
});

/** What the library shows of a product from the catalog. */
export const CatalogProduct = z.object({
  files: z.array(CatalogFile),
  event: CatalogEvent.nullish().transform((e) => e ?? null),
  membership: CatalogMembership.nullish().transform((m) => m ?? null),
});
/** What the library shows of a product from the catalog. */
export type CatalogProduct = z.infer<typeof CatalogProduct>;
// A URL, or a path on the edge's origin (the local blob store in embedded mode).
const DownloadUrl = z.object({
  url: z.union([z.string().url(), z.string().regex(/^\/(?!\/)/)]),
  name: z.string(),
});

/** Thrown when the catalog cannot be asked now (down, timing out, breaker open). */
export class CatalogUnavailableError extends Error {
  override name = "CatalogUnavailableError";
}

/** The catalog client. */
export interface CatalogClient {
  /** The product's files and type details, or null when the catalog does not show it. */
  product(productId: string): Promise<CatalogProduct | null>;
  /** A short-lived URL of the file, or null when the product has no such file (or it is gone). */
  downloadUrl(productId: string, fileId: string): Promise<string | null>;
  close(): void;
}

/** Creates the catalog client. */
export function createCatalogClient(
  options: { baseUrl: string; internalToken: string; registry: Registry; timeoutMs?: number },
): CatalogClient {
  const upstream = createUpstream({
    name: "catalog",
    baseUrl: options.baseUrl,
    registry: options.registry,
    timeoutMs: options.timeoutMs ?? 2000,
  });
  /**
   * The answer's JSON as `schema`; null for a 404, or a 410 (a file whose stored object is
   * gone); unavailable for anything else.
   */
  async function read<S extends z.ZodType>(
    path: string,
    schema: S,
    headers: HeadersInit = {},
  ): Promise<z.infer<S> | null> {
    let res: Response;
    try {
      res = await upstream.fetch(path, { headers });
    } catch (error) {
      throw new CatalogUnavailableError((error as Error).message, { cause: error });
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new CatalogUnavailableError(`Catalog answered ${res.status}`);
    }
    const parsed = schema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new CatalogUnavailableError("Catalog answered an unknown shape");
    return parsed.data;
  }

  const id = encodeURIComponent;
  return {
    product(productId) {
      return read(`/api/products/${id(productId)}`, CatalogProduct);
    },
    async downloadUrl(productId, fileId) {
      const path = `/internal/products/${id(productId)}/files/${id(fileId)}/download-url`;
      const answer = await read(path, DownloadUrl, { "x-internal-token": options.internalToken });
      return answer?.url ?? null;
    },
    close: () => upstream.close(),
  };
}
