/**
 * `GET /api/streams/{id}/events`: a stream's live updates as Server-Sent Events, public like
 * the stream itself. Sent on connect and on every change: `status` (`{status}`) and `viewers`
 * (`{viewers, peakViewers}`). The live hub wakes the stream when any instance changes the
 * stream's status or counts; the stream then reads both and sends what differs. It ends after
 * the stream is over (clients close on `ended` or `cancelled` rather than reconnect), after
 * at most 10 minutes, or when the server drains; clients reconnect.
 * @module
 */
import { createRoute, createRouter, problems, sseEvent, z } from "@marquee/http";
import { StreamStatus } from "@marquee/contracts";
import { createWakeup } from "@marquee/live";
import { streamSSE } from "hono/streaming";
import { findStream } from "../db/streams.ts";
import { countsOf } from "../db/viewers.ts";
import { NO_VIEWERS } from "../domain/viewers.ts";
import { onAir } from "../viewers.ts";
import type { RouteDeps } from "./_deps.ts";
import { noStream } from "./_errors.ts";
import { IdParam } from "./_schemas.ts";

const HEARTBEAT_MS = 15_000;
const MAX_STREAM_MS = 10 * 60_000;

const StatusData = z.object({ status: StreamStatus });
const ViewersData = z.object({
  viewers: z.number().int().min(0),
  peakViewers: z.number().int().min(0),
});

const StreamEvent = z.discriminatedUnion("event", [
  sseEvent("status", StatusData, { description: "The stream's status, on connect and change" }),
  sseEvent("viewers", ViewersData, { description: "Viewers now and the peak, on change" }),
]).openapi("StreamLiveEvent");

/** Routes under `/api/streams` for live updates. */
export function streamEventsRoutes(deps: RouteDeps) {
  const { sql, hub, eventStreams } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: "get",
      path: "/{id}/events",
      tags: ["viewers"],
      summary: "The stream's status and viewer count as Server-Sent Events",
      description: "Events: `status` (`{status}`) on connect and on every change, `viewers` " +
        "(`{viewers, peakViewers}`) on connect and when they change; comments keep the " +
        "connection alive. The stream closes once the stream is over.",
      request: { params: IdParam },
      responses: {
        200: {
          description: "The event stream",
          content: { "text/event-stream": { schema: StreamEvent } },
        },
        ...problems({ 404: "No such stream", 422: "Bad id" }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const wakeup = createWakeup();
      let dirty = true;
      // Subscribed before the first read, so no change falls between the two.
      const unsubscribe = hub.subscribe(id, () => {
        dirty = true;
        wakeup.wake();
      });
      if (!await findStream(sql, id)) {
        unsubscribe();
        throw noStream(id);
      }
      c.header("cache-control", "no-store");
      c.header("x-accel-buffering", "no");
      return streamSSE(c, async (sse) => {
        let ended = false;
        const end = () => {
          ended = true;
          wakeup.wake();
        };
        eventStreams.add(end);
        sse.onAbort(end);
        const expiry = setTimeout(end, MAX_STREAM_MS);
        let sentStatus: string | undefined;
        let sentViewers: string | undefined;
        try {
          while (!ended && !sse.aborted) {
            if (dirty) {
              dirty = false;
              const stream = await findStream(sql, id);
              if (!stream) break;
              const counts = (await countsOf(sql, [id])).get(id) ?? NO_VIEWERS;
              const viewers = JSON.stringify({
                viewers: onAir(stream.status) ? counts.viewers : 0,
                peakViewers: counts.peakViewers,
              });
              if (stream.status !== sentStatus) {
                sentStatus = stream.status;
                await sse.writeSSE({
                  event: "status",
                  data: JSON.stringify({ status: sentStatus }),
                });
              }
              if (viewers !== sentViewers) {
                sentViewers = viewers;
                await sse.writeSSE({ event: "viewers", data: viewers });
              }
              if (stream.status === "ended" || stream.status === "cancelled") break;
              continue;
            }
            const timedOut = await wakeup.sleep(HEARTBEAT_MS);
            if (timedOut && !sse.aborted) await sse.write(": keep-alive\n\n");
          }
        } finally {
          clearTimeout(expiry);
          unsubscribe();
          eventStreams.delete(end);
        }
      });
    },
  );
  return router;
}
