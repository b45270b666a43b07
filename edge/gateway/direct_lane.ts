/**
 * The direct lane: signed-in `GET`/`HEAD` calls to an API route, the gateway's hot path,
 * answered without the middleware stack. It is the same pipeline written out once — trace
 * ids, client address, token check, rate limit, proxy through the upstream's breaker — built
 * from the same parts the middleware use, and it gives the same answers with the same
 * headers (`direct_lane_test.ts` compares the two). Everything else takes the full path:
 * requests with an `Origin` (CORS), other methods and bodies, upgrades, streamed routes,
 * anonymous requests (which the edge cache may answer).
 * @module
 */
import { AuthError, type Principal, type Verifier } from "@marquee/auth";
import { receivedHeaderList } from "@marquee/resilience";
import { formatTraceparent, parseTraceparent, randomHex, requestIdFrom } from "@marquee/http";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import { problemAt } from "../_problem.ts";
import type { Limiter } from "../limiter/limiter.ts";
import {
  resolveClientAddress,
  resolveClientProto,
  socketAddress,
} from "../middleware/client_address.ts";
import { TAGS_FROM_ORIGIN } from "../cache/edge_cache.ts";
import { createNonce, type CspOptions, policyBuilder } from "../middleware/csp.ts";
import {
  budgetFor,
  rateLimitHeaders,
  type RateLimitRules,
  refusalHeaders,
  tooMany,
} from "../middleware/rate_limit.ts";
import { securityHeaderList } from "../middleware/security_headers.ts";
import { bearerToken } from "./authenticate.ts";
import { clientHeaderList, type HeaderList, upstreamRequestHeaderList } from "./forward_headers.ts";
import { upstreamFailure } from "./proxy.ts";
import { matchRoute, type RouteEntry } from "./route_table.ts";
import type { Upstreams } from "./upstreams.ts";

/** Options of {@linkcode createDirectLane}. */
export interface DirectLaneOptions {
  routes: readonly RouteEntry[];
  upstreams: Upstreams;
  /** Remembers verified tokens, so a caller's next reads skip the signature check. */
  verifier: Verifier;
  limiter: Limiter;
  rules: RateLimitRules;
  /** Paths never counted by the limiter. */
  exempt: readonly string[];
  trustProxyHops: number;
  publicUrl: string;
  /** Sources of the content security policy. */
  csp: CspOptions;
  logger: Logger;
  registry: Registry;
}

/** Answers a request, or returns undefined when it belongs to the full path. */
export type DirectLane = (
  req: Request,
  info?: unknown,
) => Promise<Response> | undefined;

const BUFFER_MAX_BYTES = 64 * 1024;
// The origin's cache tags are for the edge alone. Every header the lane adds it sets (the
// full path does the same), so an upstream's own copy is replaced, never doubled.
const DROPPED = new Set([TAGS_FROM_ORIGIN]);

/** Creates the direct lane. */
export function createDirectLane(options: DirectLaneOptions): DirectLane {
  const { routes, upstreams, verifier, limiter, rules, exempt, trustProxyHops, logger } = options;
  const publicHttps = new URL(options.publicUrl).protocol === "https:";
  const policy = policyBuilder(options.csp);
  const total = options.registry.counter(
    "http_requests_total",
    "HTTP requests by route and status",
  );
  const duration = options.registry.histogram(
    "http_request_duration_seconds",
    "HTTP request latency by route",
  );
  const cacheResults = options.registry.counter(
    "edge_cache_requests_total",
    "Cacheable requests by result",
  );
  const answered = options.registry.counter(
    "edge_direct_lane_total",
    "Signed-in API reads answered without the middleware stack",
  );
  const pairs = (https: boolean) =>
    securityHeaderList(https).map(([name, value]): [string, string] => [name, value]);
  const security = { http: pairs(false), https: pairs(true) };

  return function directLane(req, info) {
    const method = req.method;
    if (method !== "GET" && method !== "HEAD") return undefined;
    const h = req.headers;
    if (!h.has("authorization") || h.has("origin") || h.has("upgrade")) return undefined;
    const url = req.url;
    const pathStart = url.indexOf("/", url.indexOf("//") + 2);
    const queryStart = url.indexOf("?", pathStart);
    const path = url.slice(pathStart, queryStart === -1 ? undefined : queryStart);
    if (!path.startsWith("/api/")) return undefined;
    const route = matchRoute(routes, path);
    if (!route || route.stream || route.websocket) return undefined;
    return answer(req, info, route, path, url.slice(pathStart));
  };

  async function answer(
    req: Request,
    info: unknown,
    route: RouteEntry,
    path: string,
    pathAndQuery: string,
  ): Promise<Response> {
    const started = performance.now();
    const h = req.headers;
    const requestId = requestIdFrom(h.get("x-request-id"));
    const parent = parseTraceparent(h.get("traceparent"));
    const traceId = parent?.traceId ?? randomHex(16);
    const spanId = randomHex(8);
    const address = resolveClientAddress(
      socketAddress(info),
      h.get("x-forwarded-for") ?? undefined,
      trustProxyHops,
    );
    const proto = resolveClientProto(req.url, h.get("x-forwarded-proto"), trustProxyHops);

    // The headers every middleware of the full path would have added, in the order set.
    const own = (contentType: string | null, limitHeaders: Record<string, string>) => {
      const list: HeaderList = [["x-cache", "BYPASS"]];
      for (const name in limitHeaders) list.push([name, limitHeaders[name]!]);
      for (const pair of publicHttps || proto === "https" ? security.https : security.http) {
        list.push(pair);
      }
      if (/^text\/html\b/i.test(contentType ?? "")) {
        list.push(["content-security-policy", policy(createNonce())]);
      }
      list.push(
        ["x-request-id", requestId],
        ["traceparent", formatTraceparent(traceId, spanId, parent?.flags)],
      );
      return list;
    };
    const record = (res: Response): Response => {
      cacheResults.inc({ result: "bypass" });
      const seconds = (performance.now() - started) / 1000;
      const status = res.status;
      answered.inc();
      const routeLabel = `${route.prefix}/*`;
      total.inc({ method: req.method, route: routeLabel, status });
      duration.observe({ method: req.method, route: routeLabel }, seconds);
      const fields = {
        method: req.method,
        path,
        route: routeLabel,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        requestId,
        traceId,
        spanId,
      };
      if (status >= 500) logger.error("Request failed", fields);
      else logger.info("Request handled", fields);
      return res;
    };
    // An answer of the edge's own (a refusal, a failed upstream), dressed in place.
    const finish = (res: Response, limitHeaders: Record<string, string>): Response => {
      const headers = res.headers;
      headers.append("vary", "Origin");
      for (const [name, value] of own(headers.get("content-type"), limitHeaders)) {
        headers.set(name, value);
      }
      return record(res);
    };
    const refuse = (
      status: number,
      detail: string,
      headers: Record<string, string>,
      limitHeaders: Record<string, string> = {},
    ) => finish(problemAt(path, status, detail, headers), limitHeaders);

    // The token: recorded, and refused only after the caller's address was counted.
    let principal: Principal | undefined;
    let authError: AuthError | undefined;
    if (route.auth !== "none") {
      const header = h.get("authorization");
      const token = bearerToken(header);
      if (token === undefined) {
        if (/^\s*bearer\b/i.test(header ?? "")) authError = new AuthError("malformed");
        else if (route.auth === "required") authError = new AuthError("missing");
      } else {
        try {
          principal = await verifier.verify(token);
        } catch (error) {
          if (!(error instanceof AuthError)) {
            logger.warn("Access tokens cannot be verified", { error: (error as Error).message });
            return refuse(503, "Access tokens cannot be verified right now", {
              "retry-after": "5",
            });
          }
          authError = error;
        }
      }
    }

    let limitHeaders: Record<string, string> = {};
    if (!exempt.some((prefix) => path.startsWith(prefix))) {
      const [rule, key] = budgetFor(route, principal, address, rules);
      const verdict = await limiter.limit(key, rule);
      limitHeaders = verdict.degraded ? {} : rateLimitHeaders(verdict, rule);
      if (!verdict.success) {
        return refuse(429, tooMany(rule), refusalHeaders(limitHeaders));
      }
    }
    if (authError) {
      const challenge = authError.reason === "missing"
        ? "Bearer"
        : `Bearer error="invalid_token", error_description="${authError.message}"`;
      return refuse(401, authError.message, { "www-authenticate": challenge }, limitHeaders);
    }

    const headers = upstreamRequestHeaderList(h, {
      clientAddress: address,
      proto,
      host: h.get("host") ?? new URL(req.url).host,
      principal,
    });
    headers.push(
      ["x-request-id", requestId],
      ["traceparent", formatTraceparent(traceId, randomHex(8))],
    );
    try {
      const upstream = await upstreams.get(route.upstream).fetch(pathAndQuery, {
        method: req.method,
        headers,
        redirect: "manual",
      });
      // Small answers with a known length are read whole: one read instead of a stream
      // piped chunk by chunk through JavaScript. Anything else streams (live event streams).
      const length = Number(upstream.headers.get("content-length") ?? NaN);
      const body = length <= BUFFER_MAX_BYTES ? await upstream.arrayBuffer() : upstream.body;
      // The client's headers in one list: the upstream's, less what the edge replaces, then
      // the edge's own; the Response checks each once.
      const added = own(upstream.headers.get("content-type"), limitHeaders);
      const replaced = new Set(DROPPED);
      for (const [name] of added) replaced.add(name);
      const list = clientHeaderList(
        receivedHeaderList(upstream) ?? upstream.headers,
        upstream.headers.get("connection"),
        replaced,
      );
      list.push(["vary", "Origin"], ...added);
      return record(
        new Response(body, {
          status: upstream.status,
          ...(upstream.statusText ? { statusText: upstream.statusText } : {}),
          headers: list,
        }),
      );
    } catch (error) {
      const res = upstreamFailure(path, error, {
        upstream: route.upstream,
        retryAfterSec: upstreams.retryAfterSec,
        logger,
      });
      return finish(res, limitHeaders);
    }
  }
}
