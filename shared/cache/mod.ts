/**
 * Cache: the port, its Redis and in-process adapters, and typed JSON values on top.
 * @module
 */
export * from "./cache.ts";
export * from "./memory_store.ts";
export * from "./memory_cache.ts";
export * from "./redis_cache.ts";
export * from "./json_cache.ts";
