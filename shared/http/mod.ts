/**
 * The HTTP service defaults shared by every Marquee service.
 * @module
 */
export * from "./problem.ts";
export * from "./validation.ts";
export * from "./plain_messages.ts";
export * from "./router.ts";
export * from "./trace_context.ts";
export * from "./access_log.ts";
export * from "./error_handler.ts";
export * from "./health.ts";
export * from "./create_service.ts";
export * from "./serve.ts";
export * from "./openapi_problems.ts";
export * from "./openapi_sse.ts";
export { z } from "@hono/zod-openapi";
export { createRoute } from "@hono/zod-openapi";
export * from "./require_internal_token.ts";
export * from "./cursor.ts";
