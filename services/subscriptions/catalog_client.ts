/**
 * The catalog as the library uses it: a product's downloadable files, read from its public
 * product JSON (`GET /api/products/{id}` lists `files: [{id, name, size, contentType}]`,
 * never their object keys).
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

const CatalogProduct = z.object({ files: z.array(CatalogFile) });

/** Thrown when the catalog cannot be asked now (down, timing out, breaker open). */
export class CatalogUnavailableError extends Error {
  override name = "CatalogUnavailableError";
}

/** The catalog client. */
export interface CatalogClient {
  /** The product's files, or null when the catalog does not show the product. */
  files(productId: string): Promise<CatalogFile[] | null>;
  close(): void;
}

/** Creates the catalog client. */
export function createCatalogClient(
  options: { baseUrl: string; registry: Registry; timeoutMs?: number },
): CatalogClient {
  const upstream = createUpstream({
    name: "catalog",
    baseUrl: options.baseUrl,
    registry: options.registry,
    timeoutMs: options.timeoutMs ?? 2000,
  });
  return {
    async files(productId) {
      let res: Response;
      try {
        res = await upstream.fetch(`/api/products/${encodeURIComponent(productId)}`);
      } catch (error) {
        throw new CatalogUnavailableError((error as Error).message, { cause: error });
      }
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new CatalogUnavailableError(`Catalog answered ${res.status}`);
      }
      const parsed = CatalogProduct.safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new CatalogUnavailableError("Catalog answered an unknown shape");
      return parsed.data.files;
    },
    close: () => upstream.close(),
  };
}
