/**
 * OpenAPI documentation of problem+json answers, shared so every service documents its
 * errors the same way. The answers the kit itself gives (bad JSON, body limit, media type,
 * validation, authentication) are added to every operation by {@linkcode documentProblems};
 * routes document by hand only the statuses their own code answers.
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

/** The parts of an OpenAPI operation the kit's statuses depend on. */
interface Operation {
  parameters?: unknown[];
  requestBody?: unknown;
  security?: Record<string, unknown>[];
  responses?: Record<string, unknown>;
}

/** The parts of an OpenAPI document {@linkcode documentProblems} reads and extends. */
export interface OpenApiDocument {
  paths?: Record<string, object>;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The statuses the kit answers for an operation, whatever its handler does. */
function kitStatuses(operation: Operation): Record<string, string> {
  const statuses: Record<string, string> = {};
  const body = operation.requestBody !== undefined;
  if (body) {
    // Hono's JSON validator, the media-type gate of @hono/zod-openapi, and `bodyLimit`.
    statuses[400] = "Malformed request body";
    statuses[413] = "Request body too large";
    statuses[415] = "Unsupported content type";
  }
  if (body || (operation.parameters?.length ?? 0) > 0) {
    statuses[422] = "Invalid fields, each named in `errors`";
  }
  // `requireAuth` and `optionalAuth` both refuse a token that does not verify.
  if (operation.security?.some((requirement) => Object.keys(requirement).length > 0)) {
    statuses[401] = "Missing or invalid access token";
  }
  return statuses;
}

/**
 * Adds the problem answers the kit gives (400, 413, 415, 422, 401) to every operation of a
 * generated document, keeping any a route documents itself; responses end sorted by status.
 */
export function documentProblems<D extends OpenApiDocument>(document: D): D {
  const ref = { $ref: "#/components/schemas/Problem" };
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const responses: Record<string, unknown> = { ...operation.responses };
      for (const [status, description] of Object.entries(kitStatuses(operation))) {
        responses[status] ??= {
          description,
          content: { "application/problem+json": { schema: ref } },
        };
      }
      operation.responses = Object.fromEntries(
        Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
  }
  return document;
}
