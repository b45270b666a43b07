/**
 * `GET` and `PATCH /api/notifications/preferences`: which notifications a user gets by
 * email and in the app.
 * @module
 */
import { type AuthVariables, requireAuth } from "@marquee/auth";
import { createRoute, createRouter } from "@marquee/http";
import { findPreferences, savePreferences } from "../db/preferences.ts";
import { applyPatch } from "../domain/preferences.ts";
import type { RouteDeps } from "./_deps.ts";
import { json, Preferences, PreferencesPatch, problems } from "./_schemas.ts";

/** Routes under `/api/notifications/preferences`. */
export function preferencesRoutes(deps: RouteDeps) {
  const { sql, clock, verifier } = deps;
  const auth = requireAuth({ verifier });
  const router = createRouter<{ Variables: AuthVariables }>();

  router.openapi(
    createRoute({
      method: "get",
      path: "/preferences",
      tags: ["preferences"],
      summary: "One's notification preferences",
      security: [{ bearer: [] }],
      middleware: [auth],
      responses: {
        200: { description: "The preferences", content: json(Preferences) },
        ...problems({ 401: "Not signed in" }),
      },
    }),
    async (c) => c.json(await findPreferences(sql, c.get("principal").userId), 200),
  );

  router.openapi(
    createRoute({
      method: "patch",
      path: "/preferences",
      tags: ["preferences"],
      summary: "Change some of one's notification preferences",
      security: [{ bearer: [] }],
      middleware: [auth],
      request: { body: { content: json(PreferencesPatch), required: true } },
      responses: {
        200: { description: "The preferences after the change", content: json(Preferences) },
        ...problems({ 401: "Not signed in", 422: "Invalid preferences" }),
      },
    }),
    async (c) => {
      const patch = c.req.valid("json");
      const { userId } = c.get("principal");
      const prefs = await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext(${userId}))`;
        const next = applyPatch(await findPreferences(tx, userId), patch);
        await savePreferences(tx, userId, next, clock());
        return next;
      });
      return c.json(prefs, 200);
    },
  );

  return router;
}
