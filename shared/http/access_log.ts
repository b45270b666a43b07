/**
 * One JSON log line per request, and request counts and latency by route for /metrics.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { Logger } from "@marquee/log";
import { methodLabel, type Registry } from "@marquee/metrics";

export interface AccessLogOptions {
  logger: Logger;
  registry: Registry;
  /** Paths not logged (health probes, scrapes). */
  quiet?: string[];
}

/** Logs each request and records `http_requests_total` and `http_request_duration_seconds`. */
export function accessLog(options: AccessLogOptions): MiddlewareHandler {
  const { logger, registry, quiet = ["/health/live", "/health/ready", "/metrics"] } = options;
  const total = registry.counter("http_requests_total", "HTTP requests by route and status");
  const duration = registry.histogram(
    "http_request_duration_seconds",
    "HTTP request latency by route",
  );
  return async function accessLog(c, next) {
    const start = performance.now();
    await next();
    const seconds = (performance.now() - start) / 1000;
    // The matched pattern, not the raw path, keeps label cardinality bounded.
    const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "unmatched";
    const status = c.res.status;
    const method = methodLabel(c.req.method);
    total.inc({ method, route, status });
    duration.observe({ method, route }, seconds);
    if (quiet.includes(c.req.path)) return;
    const fields = {
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
    };
    if (status >= 500) logger.error("Request failed", fields);
    else logger.info("Request handled", fields);
  };
}
