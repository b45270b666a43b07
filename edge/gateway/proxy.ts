/**
 * Forwarding a request to its upstream through the resilient client, streaming both ways,
 * and turning upstream failures into problem+json: 503 with `Retry-After` while the
 * breaker is open or the bulkhead full, 504 on a timeout, 502 when the service cannot be
 * reached.
 * @module
 */
import type { Context } from "hono";
import type { Principal } from "@marquee/auth";
import type { Logger } from "@marquee/log";
import { HttpProblem } from "@marquee/http";
import { BulkheadRejectedError, CircuitOpenError, UpstreamTimeoutError } from "@marquee/resilience";
import { problemAt } from "../_problem.ts";
import { stripForClient, upstreamRequestHeaderList } from "./forward_headers.ts";
import { upstreamBody } from "./request_body.ts";
import type { Upstreams } from "./upstreams.ts";
import type { EdgeEnv } from "./variables.ts";

/** Options of {@linkcode createProxy}. */
export interface ProxyOptions {
  upstreams: Upstreams;
  /** Body limit of routes that do not stream. */
  bodyLimitBytes: number;
  logger: Logger;
}

/** Sends `request` (the client's, or a refetch) to the upstream of the context's route. */
export type Proxy = (c: Context<EdgeEnv>, request: Request) => Promise<Response>;

/** Creates the proxy. */
export function createProxy(options: ProxyOptions): Proxy {
  const { upstreams, bodyLimitBytes, logger } = options;
  return async function proxy(c, request) {
    const route = c.get("route");
    if (!route) throw new Error("The proxy needs a route-table entry");
    const url = new URL(request.url);
    return await forward(c, request, {
      upstreams,
      logger,
      target: url.pathname + url.search,
      maxBytes: route.stream ? undefined : bodyLimitBytes,
      principal: c.get("principal"),
    });
  };
}

/** Options of {@linkcode forward}. */
export interface ForwardOptions {
  upstreams: Upstreams;
  logger: Logger;
  /** The path and query to ask the upstream for. */
  target: string;
  /** The largest request body taken; unbounded (streamed) when absent. */
  maxBytes?: number;
  /** The caller the upstream is told of, when the edge verified one. */
  principal?: Principal;
  /** Edits the answer before it leaves (its headers are the client's copy). */
  edit?: (answer: Response) => void;
}

/**
 * Sends `request` to the upstream of the context's route at `options.target` and streams
 * its answer back; a failed call becomes problem+json.
 */
export async function forward(
  c: Context<EdgeEnv>,
  request: Request,
  options: ForwardOptions,
): Promise<Response> {
  const { upstreams, logger, target, maxBytes } = options;
  const route = c.get("route");
  if (!route) throw new Error("The proxy needs a route-table entry");
  const overflow = new AbortController();
  // A list, which fetch takes as it is.
  const headers = upstreamRequestHeaderList(request.headers, {
    clientAddress: c.get("clientAddress"),
    proto: c.get("clientProto"),
    host: request.headers.get("host") ?? new URL(request.url).host,
    principal: options.principal,
  });
  try {
    const body = await upstreamBody(request, { maxBytes, overflow });
    // A streamed route goes through the long-running client (a blocking HLS playlist
    // reload waits for the next part, longer than an API call may).
    const res = await upstreams.get(route.upstream, route.stream).fetch(target, {
      method: request.method,
      headers,
      body,
      // Redirects are the client's to follow (a blob may point to storage elsewhere).
      redirect: "manual",
      // Only a streamed body can overflow. Not the request's own signal: Deno also aborts
      // that one when a response completes. A client that leaves mid-way cancels the
      // streams, which cancels the upstream call.
      signal: body instanceof ReadableStream ? overflow.signal : undefined,
    });
    // The upstream's answer, streamed; its headers are copied once and edited in place.
    const answer = new Response(res.body, res);
    stripForClient(answer.headers);
    options.edit?.(answer);
    return answer;
  } catch (error) {
    return upstreamFailure(c.req.path, error, {
      upstream: route.upstream,
      retryAfterSec: upstreams.retryAfterSec,
      logger,
    });
  }
}

/** The problem+json answer for a failed upstream call of a request at `path`. */
export function upstreamFailure(
  path: string,
  error: unknown,
  options: { upstream: string; retryAfterSec: number; logger: Logger },
): Response {
  const { upstream, retryAfterSec, logger } = options;
  if (error instanceof HttpProblem) {
    return problemAt(path, error.status, error.body.detail ?? error.message);
  }
  if (error instanceof CircuitOpenError) {
    return problemAt(path, 503, `Service "${upstream}" is unavailable; try again later`, {
      "retry-after": String(retryAfterSec),
    });
  }
  if (error instanceof BulkheadRejectedError) {
    return problemAt(path, 503, `Service "${upstream}" is busy; try again shortly`, {
      "retry-after": "1",
    });
  }
  if (error instanceof UpstreamTimeoutError) {
    return problemAt(path, 504, `Service "${upstream}" did not answer in time`);
  }
  logger.warn("Upstream call failed", { upstream, error: (error as Error).message });
  return problemAt(path, 502, `Service "${upstream}" could not be reached`);
}
