/**
 * Rate limiting for the edge: the `Limiter` port, its Redis (Upstash REST) and in-memory
 * adapters, and the fail-open wrapper.
 * @module
 */
export * from "./limiter.ts";
export * from "./memory_limiter.ts";
export * from "./upstash_limiter.ts";
export * from "./fail_open.ts";
