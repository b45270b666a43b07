/**
 * Liveness and readiness. Ready runs every dependency check with a deadline and
 * answers 503 naming the failing ones, so an orchestrator stops routing traffic.
 * @module
 */
import { Hono } from "hono";

/** A named dependency check; it throws (or rejects) when the dependency is unusable. */
export type HealthCheck = () => Promise<unknown>;

export interface HealthOptions {
  checks?: Record<string, HealthCheck>;
  timeoutMs?: number;
  /** False while draining, so ready fails before the listener closes. */
  accepting?: () => boolean;
  /**
   * Which of a process's isolates answered (`w0`, `w1`, …), when several serve one port, so
   * an operator can tell whose health a connection reports.
   */
  isolate?: string;
}

/** Routes `/health/live` and `/health/ready`. */
export function healthRoutes(options: HealthOptions = {}): Hono {
  const { checks = {}, timeoutMs = 2000, accepting = () => true } = options;
  const who = options.isolate ? { isolate: options.isolate } : {};
  const app = new Hono();
  app.get("/health/live", (c) => c.json({ status: "ok", ...who }));
  app.get("/health/ready", async (c) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withDeadline(check(), timeoutMs);
          return [name, { status: "ok" }] as const;
        } catch (error) {
          return [name, { status: "down", error: (error as Error).message }] as const;
        }
      }),
    );
    const ready = accepting() && results.every(([, r]) => r.status === "ok");
    c.header("cache-control", "no-store");
    return c.json(
      { status: ready ? "ok" : "down", ...who, checks: Object.fromEntries(results) },
      ready ? 200 : 503,
    );
  });
  return app;
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
