/**
 * Marquee's storefront framework: Fresh's conventions (file routes, layouts, middlewares,
 * islands) on Hono, Preact and preact-render-to-string. See `docs/storefront.md`.
 *
 * ```ts
 * const storefront = createStorefront({ api: { catalog } });
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
export { type AssetManifest, type AssetSource, diskAssets, memoryAssets } from "./assets.ts";
export {
  type BuiltAssets,
  bundleAssets,
  manifestSource,
  PROJECT_ROOT,
  scanProject,
  writeAssets,
} from "./builder.ts";
export { IMMUTABLE } from "./static.ts";
export { safeJson } from "./serialize.ts";
export type * from "./types.ts";
