/**
 * The edge's environment: where the services listen, how tokens are checked, the rate
 * limits, proxy trust, CORS origins and the public URL.
 * @module
 */
import { z } from "zod";
import { ServiceEnv } from "@marquee/config";
import { type LimitRule, parseRate } from "./limiter/limiter.ts";

/** An empty variable counts as unset, so `UPSTASH_REDIS_REST_URL=` in a file disables it. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const url = z.string().url();
const positiveInt = z.coerce.number().int().positive();

/** A rate such as `120/60s`, parsed into a rule named `name`. */
const rate = (name: string, fallback: string) =>
  z.string().default(fallback).transform((text, ctx): LimitRule => {
    try {
      return parseRate(name, text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

/** A comma-separated list of origins such as `https://marquee.example,http://localhost:5173`. */
const origins = z.string().default("").transform((text, ctx) => {
  const list = text.split(",").map((o) => o.trim()).filter((o) => o !== "");
  for (const origin of list) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      ctx.addIssue({ code: "custom", message: `"${origin}" is not an origin like https://host` });
    }
  }
  return list;
});

/** A comma-separated list of path prefixes. */
const prefixes = (fallback: string) =>
  z.string().default(fallback).transform((text) =>
    text.split(",").map((p) => p.trim()).filter((p) => p.startsWith("/"))
  );

/** Variables of the edge, on top of those every service reads. */
export const EdgeEnv = ServiceEnv.extend({
  SERVICE_NAME: z.string().min(1).default("edge"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  /** The public origin browsers use; an https URL turns on HSTS. */
  PUBLIC_URL: url.default("http://localhost:8000"),
  /** Largest request body passed to `/api/*`; blob uploads stream up to the service's limit. */
  BODY_LIMIT_BYTES: positiveInt.default(10 * 1024 * 1024),

  UPSTREAM_USERS: url.default("http://127.0.0.1:8101"),
  UPSTREAM_CATALOG: url.default("http://127.0.0.1:8102"),
  UPSTREAM_ORDERS: url.default("http://127.0.0.1:8103"),
  UPSTREAM_PAYMENTS: url.default("http://127.0.0.1:8104"),
  UPSTREAM_SUBSCRIPTIONS: url.default("http://127.0.0.1:8105"),
  UPSTREAM_NOTIFICATIONS: url.default("http://127.0.0.1:8106"),
  UPSTREAM_STREAMING: url.default("http://127.0.0.1:8107"),
  /** The media server's WebRTC (WHIP/WHEP) and LL-HLS servers, proxied under `/media`. */
  MEDIA_WEBRTC_URL: url.default("http://127.0.0.1:8889"),
  MEDIA_HLS_URL: url.default("http://127.0.0.1:8888"),
  /** Time limit of one proxied call, response body included. */
  UPSTREAM_TIMEOUT_MS: positiveInt.default(10_000),
  /** Time limit of streamed routes (blob up- and downloads). */
  UPSTREAM_STREAM_TIMEOUT_MS: positiveInt.default(300_000),
  /** Retries of idempotent calls after the first attempt. */
  UPSTREAM_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** How long an open breaker refuses calls before probing again. */
  UPSTREAM_BREAKER_RESET_MS: positiveInt.default(5_000),
  UPSTREAM_MAX_CONCURRENT: positiveInt.default(128),

  /** Where the access-token keys are published; the users service's by default. */
  JWKS_URL: optional(url),
  JWT_ISSUER: z.string().min(1).default("http://localhost:8000"),
  JWT_AUDIENCE: z.string().min(1).default("marquee"),

  /** Redis over the Upstash REST protocol; without both, limits are kept in memory. */
  UPSTASH_REDIS_REST_URL: optional(url),
  UPSTASH_REDIS_REST_TOKEN: optional(z.string().min(1)),
  RATE_LIMIT_PREFIX: z.string().min(1).default("marquee:edge:rl"),
  RATE_LIMIT_ANONYMOUS: rate("anonymous", "120/60s"),
  RATE_LIMIT_USER: rate("user", "600/60s"),
  RATE_LIMIT_AUTH: rate("auth", "20/60s"),
  RATE_LIMIT_TIMEOUT_MS: positiveInt.default(1_000),
  /**
   * How often the counts of ordinary budgets decided at this instance are sent to Redis;
   * several instances together may overshoot a budget by what each passes in this time.
   */
  RATE_LIMIT_FLUSH_MS: positiveInt.default(250),
  /** Paths never counted: static assets, and LL-HLS (a player asks every 200 ms). */
  RATE_LIMIT_EXEMPT: prefixes("/_fresh/,/static/,/favicon.ico,/robots.txt,/media/hls/"),
  /**
   * Proxies in front of the edge whose `x-forwarded-for` entries are trusted: 0 takes the
   * socket's address; n takes the n-th address from the right of the forwarded chain.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  CORS_ORIGINS: origins,

  /** Bearer token of `POST /_edge/purge`; the endpoint refuses everyone when unset. */
  EDGE_PURGE_TOKEN: optional(z.string().min(16, "Must be at least 16 characters")),
  /** Name of the Web Cache the edge stores pages and API answers in. */
  EDGE_CACHE_NAME: z.string().min(1).default("marquee-edge"),
  /**
   * Set per instance when several edges share one Kafka cluster: each needs its own
   * consumer group to hear every purge event.
   */
  EDGE_INSTANCE_ID: optional(z.string().regex(/^[\w.-]{1,64}$/)),
  /**
   * Isolates serving the edge's port, one per core in a container: each listens with
   * SO_REUSEPORT and the kernel spreads connections among them (`main.ts`).
   */
  EDGE_WORKERS: positiveInt.max(64).default(1),
  /** Public origin of blob storage (S3/MinIO), allowed by the pages' CSP. */
  S3_PUBLIC_URL: optional(url),
  /**
   * Stripe's publishable key: checkout then takes cards with Stripe Elements, and the pages'
   * CSP allows Stripe.js. Unset, checkout offers Stripe's test payment methods only.
   */
  STRIPE_PUBLISHABLE_KEY: optional(z.string().regex(/^pk_(test|live)_[A-Za-z0-9]{8,}$/)),
}).refine(
  (env) =>
    (env.UPSTASH_REDIS_REST_URL === undefined) === (env.UPSTASH_REDIS_REST_TOKEN === undefined),
  {
    message: "Set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or neither",
    path: ["UPSTASH_REDIS_REST_TOKEN"],
  },
);

/** The parsed configuration of the edge. */
export type EdgeConfig = z.infer<typeof EdgeEnv>;

/** The JWKS URL in force: the configured one or the users service's. */
export function jwksUrl(config: EdgeConfig): string {
  return config.JWKS_URL ?? `${config.UPSTREAM_USERS.replace(/\/+$/, "")}/.well-known/jwks.json`;
}

/** Base URLs of the upstream services by name, as the route table refers to them. */
export function upstreamUrls(config: EdgeConfig): Record<string, string> {
  return {
    users: config.UPSTREAM_USERS,
    catalog: config.UPSTREAM_CATALOG,
    orders: config.UPSTREAM_ORDERS,
    payments: config.UPSTREAM_PAYMENTS,
    subscriptions: config.UPSTREAM_SUBSCRIPTIONS,
    notifications: config.UPSTREAM_NOTIFICATIONS,
    streaming: config.UPSTREAM_STREAMING,
    "media-webrtc": config.MEDIA_WEBRTC_URL,
    "media-hls": config.MEDIA_HLS_URL,
  };
}
