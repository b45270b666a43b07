/**
 * OpenAPI documentation of Server-Sent Events. An OpenAPI 3.1 `text/event-stream` schema
 * describes one event (as OpenAPI 3.2's `itemSchema` does): its `event` name, its `id`, and
 * its `data`, a string holding JSON whose shape `contentSchema` gives.
 * @module
 */
import { z } from "@hono/zod-openapi";

/** Options of {@linkcode sseEvent}. */
export interface SseEventOptions {
  /** Whether the event carries an `id` (the position a reconnecting client resumes from). */
  id?: boolean;
  description?: string;
}

/** The schema of one event named `event` whose `data` is JSON matching `data`. */
export function sseEvent<N extends string>(
  event: N,
  data: z.ZodType,
  options: SseEventOptions = {},
) {
  const { $schema: _, ...contentSchema } = z.toJSONSchema(data, {
    io: "output",
    unrepresentable: "any",
  });
  // `meta`, not `openapi`: the latter's type (OpenAPI 3.0) lacks these 2020-12 keywords.
  const payload = z.string().meta({ contentMediaType: "application/json", contentSchema });
  const shape = { event: z.literal(event), data: payload };
  const schema = options.id ? z.object({ ...shape, id: z.string() }) : z.object(shape);
  return options.description ? schema.describe(options.description) : schema;
}
