import assert from "node:assert/strict";
import { createRoute, createRouter, sseEvent, z } from "./mod.ts";

Deno.test("an event's data is documented as JSON of its schema", () => {
  const router = createRouter();
  const Event = z.discriminatedUnion("event", [
    sseEvent("ready", z.object({ count: z.number().int() })),
    sseEvent("item", z.object({ name: z.string() }), { id: true }),
  ]).openapi("TestEvent");
  router.openapi(
    createRoute({
      method: "get",
      path: "/events",
      responses: {
        200: { description: "Events", content: { "text/event-stream": { schema: Event } } },
      },
    }),
    (c) => c.body(null, 200),
  );
  const doc = router.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
  const [ready, item] = (doc.components!.schemas!.TestEvent as { oneOf: unknown[] }).oneOf as {
    properties: Record<string, Record<string, unknown>>;
    required: string[];
  }[];
  assert.deepEqual(ready!.properties.event, { type: "string", enum: ["ready"] });
  assert.equal(ready!.properties.data!.contentMediaType, "application/json");
  assert.deepEqual(ready!.properties.data!.contentSchema, {
    type: "object",
    properties: {
      count: {
        type: "integer",
        minimum: Number.MIN_SAFE_INTEGER,
        maximum: Number.MAX_SAFE_INTEGER,
      },
    },
    required: ["count"],
    additionalProperties: false,
  });
  assert.deepEqual(ready!.required.sort(), ["data", "event"]);
  assert.deepEqual(item!.required.sort(), ["data", "event", "id"]);
});
