/**
 * The storefront server: the Hono app that serves the pages of a route manifest, and the
 * built assets it reads.
 *
 * ```ts
 * import manifest from "../fresh.gen.ts";
 * const storefront = createStorefront({ manifest, api: { catalog } });
 * edge.route("/", storefront);
 * ```
 * @module
 */
export {
  createStorefront,
  PRIVATE_CACHE,
  PUBLIC_CACHE,
  type StorefrontOptions,
} from "./storefront.ts";
export { Head, ISLAND_TAG } from "./render.ts";
export {
  type AssetManifest,
  type AssetSource,
  buildId,
  diskAssets,
  memoryAssets,
} from "./assets.ts";
export { PROJECT_ROOT } from "./builder.ts";
export { IMMUTABLE } from "./static.ts";
export { safeJson } from "./serialize.ts";
export type * from "./types.ts";
