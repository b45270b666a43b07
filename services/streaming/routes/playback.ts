/**
 * `POST /api/streams/{id}/playback`: a short-lived playback token, bound to the stream and the
 * viewer, minted only after the access check, with the WHEP and LL-HLS URLs that carry it.
 * A viewer without access gets 401 (sign in) or 403 naming the product to buy.
 * @module
 */
import { optionalAuth, type OptionalAuthVariables } from "@marquee/auth";
import { createRoute, createRouter, HttpProblem, problems } from "@marquee/http";
import { AccessUnavailableError } from "@marquee/auth/access";
import { findReplay } from "../db/replays.ts";
import { findStream } from "../db/streams.ts";
import { playbackRule } from "../domain/playback.ts";
import { replayPlaylistPath } from "../replay_urls.ts";
import {
  EDGE_MEDIA,
  mediaPath,
  playbackChannel,
  presenceChannel,
  type RouteDeps,
} from "./_deps.ts";
import { noStream } from "./_errors.ts";
import { IdParam, json, Playback } from "./_schemas.ts";

const OPTIONAL_BEARER: Array<Record<string, string[]>> = [{}, { bearer: [] }];

/** Routes under `/api/streams` for viewers. */
export function playbackRoutes(deps: RouteDeps) {
  const { sql, clock, verifier, tickets, presenceTokens, access } = deps;
  const router = createRouter<{ Variables: OptionalAuthVariables }>();
  const refusals = deps.registry.counter(
    "streaming_playback_refusals_total",
    "Playback tokens refused, by reason",
  );

  router.openapi(
    createRoute({
      method: "post",
      path: "/{id}/playback",
      tags: ["streams"],
      summary: "A playback token and the URLs to play the stream with",
      security: OPTIONAL_BEARER,
      middleware: [optionalAuth({ verifier })],
      request: { params: IdParam },
      responses: {
        200: { description: "Where and how to play", content: json(Playback) },
        ...problems({
          401: "Sign in first (the stream needs a ticket or a product); `productId` names it",
          403: "The viewer does not hold the product; `productId` names what to buy",
          404: "No such stream",
          410: "The stream is over, and has no replay ready",
          503: "Access cannot be checked now",
        }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const stream = await findStream(sql, id);
      if (!stream) throw noStream(id);
      const principal = c.get("principal");
      // An ended stream plays its replay, once ready, under the live's rule.
      const replay = stream.status === "ended" ? await findReplay(sql, id) : undefined;
      const replayReady = replay?.status === "ready";
      const rule = playbackRule(stream, {
        userId: principal?.userId,
        roles: principal?.roles ?? [],
      }, { replayReady });
      switch (rule.kind) {
        case "allow":
          break;
        case "gone":
          refusals.inc({ reason: "over" });
          throw new HttpProblem(410, `Stream "${id}" is ${stream.status}`, {
            replay: replay?.status ?? null,
          });
        case "sign_in":
          refusals.inc({ reason: "signed_out" });
          throw new HttpProblem(401, "Sign in to watch this stream", {
            productId: rule.productId,
            access: stream.access.kind,
          });
        case "entitlement": {
          let owns: boolean;
          try {
            owns = await access.owns(rule.userId, rule.productId);
          } catch (error) {
            if (!(error instanceof AccessUnavailableError)) throw error;
            refusals.inc({ reason: "unavailable" });
            throw new HttpProblem(503, "Access to this stream cannot be checked now, try again", {
              headers: { "retry-after": "5" },
            });
          }
          if (!owns) {
            refusals.inc({ reason: "not_entitled" });
            const what = stream.access.kind === "ticket" ? "a ticket" : "the product";
            throw new HttpProblem(403, `Buy ${what} to watch this stream`, {
              productId: rule.productId,
              access: stream.access.kind,
            });
          }
          break;
        }
        default: {
          const never: never = rule;
          throw new Error(`Unknown rule ${JSON.stringify(never)}`);
        }
      }
      // A signed-out viewer of a free stream gets a viewer id of its own; a signed-in one is
      // one viewer however many tabs it plays in.
      const viewerId = principal?.userId ?? crypto.randomUUID();
      const viewer = principal?.userId ?? `anonymous:${viewerId}`;
      const { ticket, expiresAt } = await tickets.issue(viewer, playbackChannel(id), clock());
      const q = `token=${encodeURIComponent(ticket)}`;
      const path = mediaPath(id);
      c.header("cache-control", "private, no-store");
      if (replayReady) {
        return c.json({
          token: ticket,
          expiresAt: expiresAt.toISOString(),
          whepUrl: null,
          hlsUrl: null,
          replayUrl: replayPlaylistPath(id, ticket),
          presenceToken: null,
        }, 200);
      }
      return c.json({
        token: ticket,
        expiresAt: expiresAt.toISOString(),
        whepUrl: `${EDGE_MEDIA.webrtc}/${path}/whep?${q}`,
        hlsUrl: `${EDGE_MEDIA.hls}/${path}/index.m3u8?${q}`,
        replayUrl: null,
        presenceToken: (await presenceTokens.issue(viewerId, presenceChannel(id), clock())).ticket,
      }, 200);
    },
  );
  return router;
}
