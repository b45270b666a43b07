/**
 * The public signing keys: `/.well-known/jwks.json`, for every service that verifies
 * access tokens.
 * @module
 */
import { createRoute, createRouter, z } from "@marquee/http";
import type { RouteDeps } from "./_deps.ts";

const Jwks = z.object({
  keys: z.array(z.object({
    kty: z.string(),
    crv: z.string().optional(),
    x: z.string().optional(),
    kid: z.string(),
    alg: z.string(),
    use: z.literal("sig"),
  })),
}).openapi("JsonWebKeySet");

/** Routes under `/.well-known`. */
export function wellKnownRoutes(deps: RouteDeps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "get",
      path: "/jwks.json",
      tags: ["auth"],
      summary: "The keys that verify access tokens: the active one and recently retired ones",
      responses: {
        200: {
          description: "A JSON Web Key Set",
          content: { "application/json": { schema: Jwks } },
        },
      },
    }),
    async (c) => {
      const { keys } = await deps.keys.jwks();
      c.header("cache-control", "public, max-age=300");
      return c.json({ keys: Jwks.shape.keys.parse(keys) }, 200);
    },
  );

  return router;
}
