/**
 * The database clients the database benches compare: postgres.js from npm, and the patched copy
 * the services use (`shared/db/vendor/postgres`, see its PATCHES.md), which the import map
 * names `postgres`.
 * @module
 */
export const CLIENTS = { npm: "npm:postgres@3.4.9", patched: "postgres" } as const;
export type Client = keyof typeof CLIENTS;
