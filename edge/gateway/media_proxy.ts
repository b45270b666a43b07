/**
 * The media server behind the edge: WHIP/WHEP signalling and LL-HLS reach MediaMTX through
 * the same origin as the pages, so a browser needs no second origin, CORS or certificate.
 * SDP bodies are small and bounded; a created session's `Location` is rewritten to the
 * edge's path, where its PATCH (trickle ICE) and DELETE come back. HLS playlists leave
 * revalidated (blocking reloads pass their `_HLS_msn`, `_HLS_part`, `_HLS_skip` through),
 * segments and parts immutable. Tokens ride in the query and MediaMTX checks them with the
 * streaming service; the edge checks nothing of them.
 * @module
 */
import type { Logger } from "@marquee/log";
import { problem } from "../_problem.ts";
import {
  edgeLocation,
  hlsCacheControl,
  type MediaKind,
  mediaMethods,
  SDP_LIMIT_BYTES,
} from "./media.ts";
import { forward, type Proxy } from "./proxy.ts";
import type { Upstreams } from "./upstreams.ts";

/** Options of {@linkcode createMediaProxy}. */
export interface MediaProxyOptions {
  upstreams: Upstreams;
  logger: Logger;
}

/** Creates the proxy of routes whose entry names a `media` server. */
export function createMediaProxy(options: MediaProxyOptions): Proxy {
  const { upstreams, logger } = options;
  return async function mediaProxy(c, request) {
    const route = c.get("route");
    if (!route?.media) throw new Error("The media proxy needs a media route-table entry");
    const kind: MediaKind = route.media;
    const url = new URL(request.url);
    const path = url.pathname.slice(route.prefix.length);
    const methods = mediaMethods(kind, path);
    if (!methods) return problem(c, 404, `No media at "${url.pathname}"`);
    if (!methods.includes(request.method)) {
      return problem(c, 405, `Method ${request.method} is not allowed on "${url.pathname}"`, {
        allow: methods.join(", "),
      });
    }
    return await forward(c, request, {
      upstreams,
      logger,
      target: path + url.search,
      maxBytes: SDP_LIMIT_BYTES,
      edit(answer) {
        const location = answer.headers.get("location");
        if (location) {
          answer.headers.set(
            "location",
            edgeLocation(location, route.prefix, upstreams.url(route.upstream)),
          );
        }
        answer.headers.set(
          "cache-control",
          kind === "hls" ? hlsCacheControl(path, answer.status) : "no-store",
        );
      },
    });
  };
}
