/**
 * The process runtime shared by every service's `main.ts`.
 * @module
 */
export * from "./repeat.ts";
export * from "./run_service.ts";
