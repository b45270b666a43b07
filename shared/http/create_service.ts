/**
 * The service defaults: one call gives every service the same request id and trace
 * context, access log, metrics, body limit, problem+json errors, health, and OpenAPI.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { Env } from "hono";
import type { Logger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { accessLog } from "./access_log.ts";
import { problemErrorHandler, problemNotFound } from "./error_handler.ts";
import { type HealthCheck, healthRoutes } from "./health.ts";
import { documentProblems, Problem } from "./openapi_problems.ts";
import { HttpProblem } from "./problem.ts";
import { createRouter } from "./router.ts";
import { traceContext } from "./trace_context.ts";

export interface ServiceOptions {
  name: string;
  version?: string;
  logger: Logger;
  registry?: Registry;
  bodyLimitBytes?: number;
  checks?: Record<string, HealthCheck>;
  /** False while draining; set by {@linkcode serve}. */
  accepting?: () => boolean;
}

/** A service app with its shared defaults and its metrics registry. */
export interface Service<E extends Env = Env> {
  app: OpenAPIHono<E>;
  registry: Registry;
}

/** Creates the app every service mounts its routes on. */
export function createService<E extends Env = Env>(options: ServiceOptions): Service<E> {
  const { name, version = "0.1.0", logger, bodyLimitBytes = 1_048_576 } = options;
  const registry = options.registry ?? new Registry();
  const app = createRouter<E>();
  app.use(traceContext());
  app.use(accessLog({ logger, registry }));
  app.use(bodyLimit({
    maxSize: bodyLimitBytes,
    onError: () => {
      throw new HttpProblem(413, `Request body is larger than ${bodyLimitBytes} bytes`);
    },
  }));
  app.onError(problemErrorHandler(logger));
  app.notFound(problemNotFound);
  app.route("/", healthRoutes({ checks: options.checks, accepting: options.accepting }));
  app.get("/metrics", (c) => {
    c.header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    return c.body(registry.render());
  });
  app.openAPIRegistry.register("Problem", Problem);
  app.get("/openapi.json", (c) =>
    c.json(documentProblems(app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: { title: `Marquee ${name} API`, version },
    }))));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  return { app, registry };
}
