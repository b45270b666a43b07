/**
 * What route modules import from the framework: the `Head` component and the module types.
 * It imports no route, so pages can use it without an import cycle through the manifest.
 * @module
 */
export { Head } from "./render.ts";
export type * from "./types.ts";
