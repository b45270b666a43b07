/**
 * Database access for every service: the pool, migrations, and the embedded stand-in.
 * @module
 */
export * from "./pool.ts";
export * from "./migrate.ts";
export * from "./embedded.ts";
