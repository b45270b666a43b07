/**
 * Test fixtures shared by service and integration tests.
 * @module
 */
export * from "./database.ts";
export * from "./bus.ts";
export * from "./platform.ts";
export * from "./browser.ts";
export * from "./accessibility.ts";
