/**
 * `POST /_edge/purge {"tags": [...]}` with `Authorization: Bearer <EDGE_PURGE_TOKEN>`: drops
 * every cached answer carrying any of the tags, for operators and for services without the
 * event bus. Without a configured token every call is refused.
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Logger } from "@marquee/log";
import { problem } from "../_problem.ts";
import { secretEquals } from "../_secret.ts";
import type { EdgeCache } from "./edge_cache.ts";

/** Options of {@linkcode purgeRoutes}. */
export interface PurgeRoutesOptions {
  cache: Pick<EdgeCache, "purge">;
  /** The bearer token; undefined disables the endpoint. */
  token: string | undefined;
  logger: Logger;
}

const PurgeBody = z.object({
  tags: z.array(z.string().min(1).max(200)).min(1).max(500),
});

const MAX_BODY_BYTES = 65_536;

/** The purge endpoint. */
export function purgeRoutes(options: PurgeRoutesOptions): Hono {
  const { cache, token, logger } = options;
  const app = new Hono();
  app.post("/_edge/purge", async (c) => {
    const given = /^\s*bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!token || !given || !(await secretEquals(given, token))) {
      return problem(c, 401, "A valid purge token is required", { "www-authenticate": "Bearer" });
    }
    if (Number(c.req.header("content-length") ?? 0) > MAX_BODY_BYTES) {
      return problem(c, 413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      return problem(c, 400, "Malformed JSON in request body");
    }
    const parsed = PurgeBody.safeParse(json);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        field: ["body", ...i.path].join("."),
        message: i.message,
      }));
      const body = {
        type: "about:blank",
        title: "Invalid request",
        status: 422,
        detail: `Invalid value for ${[...new Set(errors.map((e) => `"${e.field}"`))].join(", ")}`,
        errors,
      };
      return c.newResponse(JSON.stringify(body), {
        status: 422,
        headers: { "content-type": "application/problem+json" },
      });
    }
    const purged = await cache.purge(parsed.data.tags);
    logger.info("Cache purged", { tags: parsed.data.tags, purged });
    return c.json({ purged });
  });
  return app;
}
