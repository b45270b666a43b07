/**
 * Signing-key rotation: `/api/admin/signing-keys`.
 * @module
 */
import { type AuthVariables, requireAuth, requireRole } from "@marquee/auth";
import { createRoute, createRouter, z } from "@marquee/http";
import type { RouteDeps } from "./_deps.ts";
import { problems } from "./_schemas.ts";

const RotatedKey = z.object({
  kid: z.string(),
  alg: z.string(),
  activatedAt: z.string().datetime(),
}).openapi("RotatedKey");

/** Routes under `/api/admin/signing-keys`; admins only. */
export function signingKeyRoutes(deps: RouteDeps) {
  const { keys, verifier } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "post",
      path: "/rotate",
      tags: ["admin"],
      summary: "Start signing with a new key; the old one stays published until its tokens expire",
      security: [{ bearer: [] }],
      middleware: [requireAuth({ verifier }), requireRole("admin")],
      responses: {
        201: {
          description: "The new active key",
          content: { "application/json": { schema: RotatedKey } },
        },
        ...problems({ 401: "Not signed in", 403: "Not an admin" }),
      },
    }),
    async (c) => {
      const key = await keys.rotate();
      return c.json({ ...key, activatedAt: key.activatedAt.toISOString() }, 201);
    },
  );

  return router;
}
