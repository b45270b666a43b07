/**
 * OpenAPI documentation of problem+json answers, shared so every service documents its
 * errors the same way.
 * @module
 */
import { z } from "@hono/zod-openapi";

/** An RFC 9457 problem. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
}).openapi("Problem");

/** Documents problem answers with these statuses, for a route's `responses`. */
export function problems(statuses: Record<number, string>) {
  return Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [
      status,
      { description, content: { "application/problem+json": { schema: Problem } } },
    ]),
  );
}
