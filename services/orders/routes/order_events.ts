/**
 * `GET /api/orders/{id}/events`: the order's view as Server-Sent Events, sent on connect
 * and again on every change until the order ends. Authenticated by a bearer token or by a
 * `?ticket=` from `POST /api/orders/{id}/stream-ticket`. The live hub wakes the stream when
 * any instance changes the order; the stream then reads the view.
 * @module
 */
import { AuthError, type Principal } from "@marquee/auth";
import { HttpProblem } from "@marquee/http";
import { createWakeup } from "@marquee/live";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { findView } from "../db/views.ts";
import { TERMINAL } from "../domain/saga_types.ts";
import type { OrderView } from "../domain/view.ts";
import type { RouteDeps } from "./_deps.ts";
import { visibleOrder } from "./orders.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEARTBEAT_MS = 15_000;

/** The live order stream, mounted under `/api/orders`. */
export function orderEventsRoutes(deps: RouteDeps) {
  const { sql, verifier, hub, clock, tickets } = deps;
  const router = new Hono();

  async function caller(
    ticket: string | undefined,
    header: string | undefined,
    id: string,
  ): Promise<Pick<Principal, "userId" | "roles">> {
    if (ticket !== undefined) {
      const userId = await tickets.verify(ticket, `orders:${id}`, clock());
      if (!userId) throw new HttpProblem(401, "The stream ticket is invalid or expired");
      return { userId, roles: [] };
    }
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? "");
    if (!match) throw new HttpProblem(401, "A bearer token or a stream ticket is required");
    try {
      return await verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof AuthError) throw new HttpProblem(401, "The access token is invalid");
      throw error;
    }
  }

  router.get("/:id/events", async (c) => {
    const id = c.req.param("id");
    if (!UUID.test(id)) throw new HttpProblem(404, `No order "${id}"`);
    const principal = await caller(c.req.query("ticket"), c.req.header("authorization"), id);
    // Subscribed before the first read, so no change falls between the two.
    const queue: OrderView[] = [];
    const wakeup = createWakeup();
    const unsubscribe = hub.subscribe(id, async () => {
      const view = await findView(sql, id);
      if (!view) return;
      queue.push(view);
      wakeup.wake();
    });
    let first: OrderView;
    try {
      first = await visibleOrder(deps, id, principal);
    } catch (error) {
      unsubscribe();
      throw error;
    }
    c.header("cache-control", "no-store");
    c.header("x-accel-buffering", "no");
    return streamSSE(c, async (stream) => {
      let last = 0;
      stream.onAbort(() => wakeup.wake());
      const send = async (view: OrderView) => {
        if (view.version <= last) return false;
        last = view.version;
        await stream.writeSSE({
          event: "order",
          id: String(view.version),
          data: JSON.stringify(view),
        });
        return TERMINAL.includes(view.status);
      };
      try {
        let ended = await send(first);
        while (!ended && !stream.aborted) {
          const next = queue.shift();
          if (next) {
            ended = await send(next);
            continue;
          }
          const timedOut = await wakeup.sleep(HEARTBEAT_MS);
          if (timedOut && !stream.aborted) await stream.write(": keep-alive\n\n");
        }
      } finally {
        unsubscribe();
      }
    });
  });

  return router;
}
