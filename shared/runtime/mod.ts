/**
 * The process runtime shared by every service's `main.ts`.
 * @module
 */
export * from "./run_service.ts";
