/**
 * Following creators: `PUT` and `DELETE /api/creators/{creatorId}/follow` (signed in,
 * idempotent; following oneself is refused) and `GET /api/creators/{creatorId}/followers`
 * (the count for anyone, and whether the caller follows when signed in). The notifications
 * service pages through a creator's followers at `GET /internal/creators/{creatorId}/followers`
 * (internal token) to tell them a stream is live or starting soon.
 * @module
 */
import {
  type AuthVariables,
  optionalAuth,
  type OptionalAuthVariables,
  requireAuth,
} from "@marquee/auth";
import {
  createRoute,
  createRouter,
  problems,
  requireInternalToken,
  validationProblem,
  z,
} from "@marquee/http";
import { follow, followerCount, followersPage, unfollow } from "../db/follows.ts";
import type { RouteDeps } from "./_deps.ts";
import { json } from "./_schemas.ts";

/** Signed in or not. */
const OPTIONAL_BEARER: Array<Record<string, string[]>> = [{}, { bearer: [] }];

const CreatorParam = z.object({ creatorId: z.string().uuid() });

const Followers = z.object({
  followers: z.number().int().min(0),
  /** Whether the caller follows the creator; false when signed out. */
  following: z.boolean(),
}).openapi("Followers");

const FollowersPageQuery = z.object({
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

const FollowersPage = z.object({
  items: z.array(z.string()),
  /** Pass as `after` for the next page; null on the last one. */
  next: z.string().nullable(),
}).openapi("FollowersPage");

/** Routes under `/api/creators`. */
export function followsRoutes(deps: RouteDeps) {
  const { sql, clock, verifier } = deps;
  const router = createRouter<{ Variables: AuthVariables }>();
  const signedIn = [requireAuth({ verifier })];

  for (const method of ["put", "delete"] as const) {
    router.openapi(
      createRoute({
        method,
        path: "/{creatorId}/follow",
        tags: ["follows"],
        summary: method === "put" ? "Follow a creator" : "Stop following a creator",
        security: [{ bearer: [] }],
        middleware: signedIn,
        request: { params: CreatorParam },
        responses: {
          200: { description: "The count after the change", content: json(Followers) },
          ...problems({ 401: "Not signed in", 422: "Bad id, or following oneself" }),
        },
      }),
      async (c) => {
        const creatorId = c.req.valid("param").creatorId.toLowerCase();
        const { userId } = c.get("principal");
        if (method === "put") {
          if (creatorId === userId.toLowerCase()) {
            throw validationProblem([
              { field: "path.creatorId", message: "You cannot follow yourself" },
            ]);
          }
          await follow(sql, creatorId, userId, clock());
        } else {
          await unfollow(sql, creatorId, userId);
        }
        c.header("cache-control", "no-store");
        return c.json(await followerCount(sql, creatorId, userId), 200);
      },
    );
  }

  const reader = createRouter<{ Variables: OptionalAuthVariables }>();
  reader.openapi(
    createRoute({
      method: "get",
      path: "/{creatorId}/followers",
      tags: ["follows"],
      summary: "How many follow a creator, and whether the caller does",
      security: OPTIONAL_BEARER,
      middleware: [optionalAuth({ verifier })],
      request: { params: CreatorParam },
      responses: {
        200: { description: "The count", content: json(Followers) },
        ...problems({ 401: "Invalid token", 422: "Bad id" }),
      },
    }),
    async (c) => {
      const creatorId = c.req.valid("param").creatorId.toLowerCase();
      const viewer = c.get("principal")?.userId;
      // The answer depends on the caller, so no shared cache keeps it.
      c.header("cache-control", "private, no-store");
      return c.json(await followerCount(sql, creatorId, viewer), 200);
    },
  );
  router.route("/", reader);
  return router;
}

/** Routes under `/internal/creators`: a creator's followers, page by page. */
export function internalFollowsRoutes(deps: RouteDeps) {
  const { sql, config } = deps;
  const router = createRouter();
  router.openapi(
    createRoute({
      method: "get",
      path: "/{creatorId}/followers",
      tags: ["internal"],
      summary: "A page of a creator's followers' ids (services only)",
      security: [{ internalToken: [] }],
      middleware: [requireInternalToken({ token: config.INTERNAL_TOKEN })],
      request: { params: CreatorParam, query: FollowersPageQuery },
      responses: {
        200: { description: "The page", content: json(FollowersPage) },
        ...problems({ 401: "Internal token missing or wrong", 422: "Bad id or query" }),
      },
    }),
    async (c) => {
      const creatorId = c.req.valid("param").creatorId.toLowerCase();
      const { after, limit } = c.req.valid("query");
      const items = await followersPage(sql, creatorId, after, limit);
      const next = items.length === limit ? items.at(-1)! : null;
      return c.json({ items, next }, 200);
    },
  );
  return router;
}
