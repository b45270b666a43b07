/**
 * The edge: Marquee's one public origin. It routes `/api/*`, `/blobs` and `/ws/*` to the
 * services from one route table, checks access tokens and rate limits before a service
 * sees a request, caches public answers and pages, sets the security headers and the
 * per-response CSP nonce, and serves the storefront pages at `/`.
 *
 * ```ts
 * const app = createEdgeApp({ config: loadConfig(EdgeEnv), storefront });
 * Deno.serve(app.fetch);
 * ```
 * @module
 */
import { type Env, type ExecutionContext, Hono, type MiddlewareHandler } from "hono";
import { createVerifier, type Verifier } from "@marquee/auth";
// Type-only: the bus is injected where there is one, never imported on the Deploy path.
import type { EventBus } from "@marquee/events";
import {
  accessLog,
  healthRoutes,
  problemErrorHandler,
  problemNotFound,
  traceContext,
} from "@marquee/http";
import { createLogger, type Logger } from "@marquee/log";
import { Registry, renderFamilies } from "@marquee/metrics";
import { problem, respond } from "./_problem.ts";
import { createEdgeCache, type EdgeCache, type Origin } from "./cache/edge_cache.ts";
import { createFastLane } from "./cache/fast_lane.ts";
import { purgeRoutes } from "./cache/purge_routes.ts";
import { relayPurges } from "./cache/purge_relay.ts";
import { type PurgeSubscriber, subscribePurges } from "./cache/purge_subscriber.ts";
import { type EdgeConfig, jwksUrl, upstreamUrls } from "./config.ts";
import { authenticate, refuseUnauthenticated } from "./gateway/authenticate.ts";
import { createMediaProxy } from "./gateway/media_proxy.ts";
import { createProxy } from "./gateway/proxy.ts";
import { assertRouteTable, type RouteEntry, ROUTES } from "./gateway/route_table.ts";
import { createUpstreams } from "./gateway/upstreams.ts";
import type { EdgeEnv } from "./gateway/variables.ts";
import { createWebSocketProxy } from "./gateway/websocket.ts";
import { metricsEndpoint, readinessChecks } from "./health.ts";
import { shareIsolateMetrics } from "./isolate_metrics.ts";
import { coalescing } from "./limiter/coalescing_limiter.ts";
import { failOpen } from "./limiter/fail_open.ts";
import type { Limiter } from "./limiter/limiter.ts";
import { createMemoryLimiter } from "./limiter/memory_limiter.ts";
import { createUpstashLimiter } from "./limiter/upstash_limiter.ts";
import { clientAddress } from "./middleware/client_address.ts";
import { cors } from "./middleware/cors.ts";
import { csp } from "./middleware/csp.ts";
import { rateLimit } from "./middleware/rate_limit.ts";
import { securityHeaders } from "./middleware/security_headers.ts";

export { CSP_NONCE_PLACEHOLDER } from "./middleware/csp.ts";
export { type EdgeConfig, EdgeEnv } from "./config.ts";
export type { RouteEntry } from "./gateway/route_table.ts";

/** An app answering requests, as the storefront (a Hono app) is. */
export interface Storefront {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** Options of {@linkcode createEdgeApp}. */
export interface EdgeAppOptions {
  config: EdgeConfig;
  /** The storefront, mounted at `/` behind the gateway routes. */
  storefront?: Storefront;
  /** When given, catalog events purge the cache (local and container runs). */
  bus?: EventBus;
  logger?: Logger;
  registry?: Registry;
  /** The route table; {@linkcode ROUTES} by default. */
  routes?: readonly RouteEntry[];
  /** Extra or replacement upstream base URLs by name. */
  upstreams?: Readonly<Record<string, string>>;
  /** The limiter; by default Upstash when configured, else in memory. */
  limiter?: Limiter;
  /** The token verifier; by default one reading `JWKS_URL`. */
  verifier?: Verifier;
  /**
   * This isolate's name when several serve the port (`w0`, `w1`, …), shown by `/health`;
   * `/metrics` then answers for every isolate.
   */
  isolate?: string;
  /**
   * The BroadcastChannel this edge's isolates share, when it runs as several (`isolate`, by
   * default named after the port; Deno Deploy): a purge asked of one reaches them all.
   */
  siblings?: string;
}

/** The edge app, with what a runner needs around it. */
export type EdgeApp = Hono<EdgeEnv> & {
  /** Resolves when the purge subscription (if any) is running. */
  ready: Promise<void>;
  /** The edge cache (for purges from the runner). */
  cache: EdgeCache;
  /** Stops the subscription and the upstream clients. */
  close(): Promise<void>;
};

/** Builds the edge app. */
export function createEdgeApp(options: EdgeAppOptions): EdgeApp {
  const { config } = options;
  const logger = options.logger ?? createLogger({ service: "edge", level: config.LOG_LEVEL });
  const registry = options.registry ?? new Registry();
  const urls = { ...upstreamUrls(config), ...options.upstreams };
  // Longest prefix first: Hono runs the first route that answers.
  const routes = [...(options.routes ?? ROUTES)].sort((a, b) => b.prefix.length - a.prefix.length);
  assertRouteTable(routes, urls);

  const upstreams = createUpstreams({
    urls,
    registry,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    streamTimeoutMs: config.UPSTREAM_STREAM_TIMEOUT_MS,
    retries: config.UPSTREAM_RETRIES,
    breakerResetMs: config.UPSTREAM_BREAKER_RESET_MS,
    maxConcurrent: config.UPSTREAM_MAX_CONCURRENT,
  });
  const verifier = options.verifier ??
    createVerifier({
      jwksUrl: jwksUrl(config),
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    });
  const checked = failOpen(options.limiter ?? defaultLimiter(config), { logger, registry });
  // A shared backend is asked once per key and flush, not once per request.
  const limiter = checked.kind === "upstash"
    ? coalescing(checked, { flushMs: config.RATE_LIMIT_FLUSH_MS })
    : undefined;
  const cache = createEdgeCache({
    name: config.EDGE_CACHE_NAME,
    publicOrigin: new URL(config.PUBLIC_URL).origin,
    logger,
    registry,
  });

  const app = new Hono<EdgeEnv>();
  app.use(traceContext());
  app.use(accessLog({ logger, registry }));
  app.use(clientAddress({ trustProxyHops: config.TRUST_PROXY_HOPS }));
  // CORS sets its headers before `next`, so Hono carries the headers prepared for the answer
  // (request id, trace context) over to the Responses the handlers build themselves.
  app.use(unlessUpgrade(cors({ origins: config.CORS_ORIGINS })));
  app.use(unlessUpgrade(securityHeaders({ publicUrl: config.PUBLIC_URL })));
  app.onError(problemErrorHandler(logger));
  app.notFound(problemNotFound);
  app.route(
    "/",
    healthRoutes({
      checks: readinessChecks(jwksUrl(config), checked),
      ...(options.isolate ? { isolate: options.isolate } : {}),
    }),
  );
  const siblings = options.siblings ??
    (options.isolate ? `marquee-edge:${config.PORT}` : undefined);
  const isolates = options.isolate && siblings
    ? shareIsolateMetrics({
      registry,
      isolate: options.isolate,
      isolates: config.EDGE_WORKERS,
      channel: `${siblings}:metrics`,
    })
    : undefined;
  const purges = siblings
    ? relayPurges({ cache, channel: `${siblings}:purge`, logger })
    : undefined;
  app.get(
    "/metrics",
    metricsEndpoint(
      isolates ? async () => renderFamilies(await isolates.gather()) : () => registry.render(),
    ),
  );
  app.route(
    "/",
    purgeRoutes({ cache: purges ?? cache, token: config.EDGE_PURGE_TOKEN, logger }),
  );
  const rules = {
    anonymous: config.RATE_LIMIT_ANONYMOUS,
    user: config.RATE_LIMIT_USER,
    auth: config.RATE_LIMIT_AUTH,
  };
  const limit = rateLimit({ limiter: limiter ?? checked, rules, exempt: config.RATE_LIMIT_EXEMPT });
  const checkToken = authenticate({ verifier, logger });
  const refuse = refuseUnauthenticated();
  const proxy = createProxy({ upstreams, bodyLimitBytes: config.BODY_LIMIT_BYTES, logger });
  const webSocket = createWebSocketProxy({ upstreams, logger });
  const mediaProxy = createMediaProxy({ upstreams, logger });
  for (const route of routes) {
    app.all(
      `${route.prefix}/*`,
      async function selectRoute(c, next) {
        c.set("route", route);
        await next();
      },
      // Cached answers go out first: only requests without credentials are ever cached, and
      // limits and token checks protect the origins, which a hit never reaches.
      // Media answers are per viewer (tokens in the URL): browsers cache them, the edge not.
      route.websocket || route.media ? (_c, next) => next() : cache.middleware(proxy),
      checkToken,
      limit,
      refuse,
      route.websocket
        ? (c) => webSocket(c)
        : route.media
        ? (c) => mediaProxy(c, c.req.raw)
        : (c) => proxy(c, c.req.raw),
    );
  }
  for (const prefix of ["/api", "/ws"]) {
    app.all(`${prefix}/*`, (c) => problem(c, 404, `No route for ${c.req.method} "${c.req.path}"`));
  }

  const { storefront } = options;
  if (storefront) {
    const render: Origin = async (c, request) => {
      const res = await storefront.fetch(request, c.env);
      return respond(c, res.body, res);
    };
    const pageSecurityPolicy = csp({
      blobOrigin: config.S3_PUBLIC_URL,
      stripe: Boolean(config.STRIPE_PUBLISHABLE_KEY),
    });
    app.all("*", pageSecurityPolicy, cache.middleware(render), limit, (c) => render(c, c.req.raw));
  }

  let subscriber: PurgeSubscriber | undefined;
  if (options.bus) {
    subscriber = subscribePurges({
      bus: options.bus,
      purge: (tags) => cache.purge(tags),
      logger,
      instanceId: config.EDGE_INSTANCE_ID,
    });
  }
  logger.info("Edge configured", {
    routes: routes.length,
    limiter: options.limiter?.kind ?? (config.UPSTASH_REDIS_REST_URL ? "upstash" : "memory"),
    storefront: Boolean(storefront),
    purgeEvents: Boolean(options.bus),
  });

  // Hot hits are answered with the headers the stack gave the entry's previous hit.
  const fastLane = createFastLane({ cache, registry, trustProxyHops: config.TRUST_PROXY_HOPS });
  const fullPath = app.fetch;
  let closing: Promise<void> | undefined;
  return Object.assign(app, {
    fetch: async (req: Request, env?: unknown, ctx?: ExecutionContext) => {
      const fast = fastLane.answer(req);
      if (fast) return fast;
      const res = await fullPath(req, env, ctx);
      fastLane.learn(req, res);
      return res;
    },
    ready: subscriber?.ready ?? Promise.resolve(),
    cache,
    close: () =>
      closing ??= (async () => {
        await subscriber?.close();
        await limiter?.close();
        await cache.settled();
        upstreams.close();
        isolates?.close();
        purges?.close();
      })(),
  });
}

/**
 * `middleware` for every request but WebSocket upgrades: a 101 answer can be neither copied
 * (as Hono's setter does to carry prepared headers over) nor usefully given headers.
 */
function unlessUpgrade<E extends Env>(middleware: MiddlewareHandler<E>): MiddlewareHandler<E> {
  return function unlessUpgrade(c, next) {
    return c.req.header("upgrade") ? next() : middleware(c, next);
  };
}

function defaultLimiter(config: EdgeConfig): Limiter {
  if (config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN) {
    return createUpstashLimiter({
      url: config.UPSTASH_REDIS_REST_URL,
      token: config.UPSTASH_REDIS_REST_TOKEN,
      prefix: config.RATE_LIMIT_PREFIX,
      timeoutMs: config.RATE_LIMIT_TIMEOUT_MS,
    });
  }
  return createMemoryLimiter();
}
