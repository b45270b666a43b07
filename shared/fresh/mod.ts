/**
 * Marquee's storefront framework, Fresh's conventions (file routes, layouts, middlewares,
 * islands) on Hono, Preact and preact-render-to-string: what route modules import, the
 * `Head` component and the module types. The server is `@marquee/fresh/server`, the build
 * `@marquee/fresh/build`. See `docs/storefront.md`.
 *
 * ```tsx
 * import { Head, type PageProps } from "@marquee/fresh";
 * ```
 * @module
 */
export { Head } from "./render.ts";
export type * from "./types.ts";
