import assert from "node:assert/strict";
import { documentProblems } from "./openapi_problems.ts";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

Deno.test("an operation without input or security gains no problems", () => {
  const doc = documentProblems({
    paths: { "/a": { get: { responses: { 200: { description: "OK" } } } } },
  });
  const get = (doc.paths["/a"] as Record<string, { responses: object }>).get!;
  assert.deepEqual(Object.keys(get.responses), ["200"]);
});

Deno.test("parameters imply 422, a body 400/413/415/422, security 401", () => {
  const doc = documentProblems({
    paths: {
      "/a/{id}": {
        get: { parameters: [{ in: "path", name: "id" }], responses: { 200: {} } },
        post: {
          requestBody: {},
          security: [{ bearer: [] }, {}],
          responses: { 201: {} },
        },
      },
    },
  });
  const item = doc.paths["/a/{id}"] as Record<string, { responses: Record<string, unknown> }>;
  assert.deepEqual(Object.keys(item.get!.responses), ["200", "422"]);
  assert.deepEqual(Object.keys(item.post!.responses), ["201", "400", "401", "413", "415", "422"]);
  assert.deepEqual(item.post!.responses["413"], problem("Request body too large"));
});

Deno.test("a route's own description of a status is kept", () => {
  const own = problem("Bad cursor");
  const doc = documentProblems({
    paths: { "/a": { get: { parameters: [{}], security: [{}], responses: { 422: own } } } },
  });
  const get = (doc.paths["/a"] as Record<string, { responses: object }>).get!;
  assert.deepEqual(get.responses, { 422: own });
});
