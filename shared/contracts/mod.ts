/**
 * Event and API contracts shared between services.
 * @module
 */
export * from "./topics.ts";
export * from "./all_topics.ts";
export * from "./users.ts";
export * from "./catalog.ts";
export * from "./checkout.ts";
export * from "./streaming.ts";
