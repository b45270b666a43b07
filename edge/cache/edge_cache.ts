/**
 * The edge cache: GET and HEAD answers kept in the Web Cache API (`caches.open`; on Deno
 * Deploy that is the edge cache), keyed by the normalized URL. Fresh hits are served
 * directly, stale ones within `stale-while-revalidate` are served at once while a refetch
 * runs in the background, and misses go to the origin. Stored answers get a strong ETag when
 * the origin gave none, taken once as they are stored (Hono's `etag` would hash every answer it
 * sends), and Hono's `etag` answers `If-None-Match` with 304. Purge tags from the origin's
 * `x-cache-tags` header are indexed and never shown to the client.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import type { EdgeEnv } from "../gateway/variables.ts";
import { respond } from "../_problem.ts";
import { readCapped } from "./_body.ts";
import { bypassReason, type Lifetime, storableLifetime } from "./cache_control.ts";
import { cacheKey } from "./cache_key.ts";
import { createTagIndex, parseTags, pathTag } from "./tag_index.ts";

/** Produces the origin's answer for a request; used again for background refetches. */
export type Origin = (c: Context<EdgeEnv>, request: Request) => Promise<Response>;

/** Options of {@linkcode createEdgeCache}. */
export interface EdgeCacheOptions {
  /** Name passed to `caches.open`. */
  name: string;
  /** Pins cache keys to this origin (the public URL's). */
  publicOrigin?: string;
  logger: Logger;
  registry: Registry;
  /** Larger answers are passed through without being stored; 5 MiB by default. */
  maxEntryBytes?: number;
  /** Bytes of hot entries kept in memory in front of the Web Cache API. */
  maxMemoryBytes?: number;
  now?: () => number;
}

/** The cache, its middleware and its purge. */
export interface EdgeCache {
  /** Middleware answering from the cache in front of `origin` (the next handler). */
  middleware(origin: Origin): MiddlewareHandler<EdgeEnv>;
  /** Drops every entry carrying any of `tags`; returns how many were dropped. */
  purge(tags: readonly string[]): Promise<number>;
  /** Resolves when background refetches in progress have finished. */
  settled(): Promise<void>;
  /**
   * A fresh entry held in memory for `req`, found without any I/O, or undefined: what the
   * fast lane answers hot hits from.
   */
  peekFresh(req: Request, path: string): Entry | undefined;
  /** The entry the middleware answered `req` (the client's request) from as a fresh hit. */
  servedFrom(req: Request): Entry | undefined;
}

// Stored alongside an entry, never shown to clients.
const STORED_AT = "x-edge-stored-at";
const ORIGINAL_CACHE_CONTROL = "x-edge-cache-control";
const TAGS = "x-edge-tags";
/** The header an origin names an answer's purge tags in; never shown to clients. */
export const TAGS_FROM_ORIGIN = "x-cache-tags";
const PER_RESPONSE = [
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "ratelimit-policy",
  "server-timing",
  "x-request-id",
  "traceparent",
  "date",
];
const CONDITIONAL = ["if-none-match", "if-modified-since", "if-match", "if-unmodified-since"];

/** A stored answer, decoded once: what a hit needs without parsing headers again. */
export interface Entry {
  bytes: Uint8Array<ArrayBuffer>;
  /** The headers a client sees (internal ones removed, cache-control as the origin sent). */
  client: Array<[string, string]>;
  storedAt: number;
  freshMs: number;
  staleMs: number;
  tags: string[];
}

/** Decodes a stored answer's headers; undefined when they do not describe a usable entry. */
function decodeEntry(bytes: Uint8Array<ArrayBuffer>, stored: Headers): Entry | undefined {
  const storedAt = Number(stored.get(STORED_AT));
  const cacheControl = stored.get(ORIGINAL_CACHE_CONTROL) ?? "";
  const lifetime = storableLifetime(
    new Response(null, { headers: { "cache-control": cacheControl } }),
  );
  if (!lifetime || !Number.isFinite(storedAt)) return undefined;
  const client: Array<[string, string]> = [];
  for (const [name, value] of stored) {
    if (name === STORED_AT || name === ORIGINAL_CACHE_CONTROL || name === TAGS) continue;
    client.push([name, name === "cache-control" ? cacheControl : value]);
  }
  return {
    bytes,
    client,
    storedAt,
    freshMs: lifetime.freshSec * 1000,
    staleMs: lifetime.staleSec * 1000,
    tags: parseTags(stored.get(TAGS)),
  };
}

/** Creates the edge cache over the Web Cache API. */
export function createEdgeCache(options: EdgeCacheOptions): EdgeCache {
  const { name, publicOrigin, logger, registry, maxEntryBytes = 5 * 1024 * 1024, now = Date.now } =
    options;
  // Hot entries also live in this isolate's memory: the Web Cache API is shared and durable
  // but costs a storage read per hit; memory answers the hot set without one.
  const hot = createHotCache(options.maxMemoryBytes ?? 64 * 1024 * 1024);
  const results = registry.counter("edge_cache_requests_total", "Cacheable requests by result");
  const purged = registry.counter("edge_cache_purged_total", "Cache entries dropped by purge");
  let storage: Promise<Cache | undefined> | undefined;
  const open = () =>
    storage ??= (globalThis.caches
      ? caches.open(name)
      : Promise.reject(new Error("The Web Cache API is not available"))).catch((error) => {
        logger.warn("Edge cache unavailable; answering without it", { error: error.message });
        return undefined;
      });
  const index = createTagIndex({
    now,
    onEvict: (url) => {
      hot.delete(url);
      void open().then((cache) => cache?.delete(url));
    },
  });
  const refreshing = new Map<string, Promise<void>>();
  // Raw URL → cache key, so hot hits skip URL parsing and normalization.
  const keys = new Map<string, string>();
  const served = new WeakMap<Request, Entry>();
  // RFC 9110 §15.4.5 names what a 304 carries; the cache adds its own verdict and the age.
  const conditional = etag({ retainedHeaders: [...RETAINED_304_HEADERS, "age", "x-cache"] });

  const read = async (cache: Cache, key: string): Promise<Entry | undefined> => {
    let entry = hot.get(key);
    if (!entry) {
      // From shared storage into this isolate's memory, so the next hit skips the read.
      const stored = await cache.match(key);
      if (!stored) return undefined;
      entry = decodeEntry(new Uint8Array(await stored.arrayBuffer()), stored.headers);
      if (entry) hot.set(key, entry);
    }
    if (!entry || index.purgedSince(entry.tags, entry.storedAt)) {
      hot.delete(key);
      await cache.delete(key);
      index.remove(key);
      return undefined;
    }
    return entry;
  };

  /** The headers a client sees of a complete answer from the origin, and its purge tags. */
  const shown = async (
    res: Response,
    bytes: Uint8Array<ArrayBuffer>,
  ): Promise<{ headers: Headers; tags: string[] }> => {
    const headers = new Headers(res.headers);
    headers.delete(TAGS_FROM_ORIGIN);
    headers.set("content-length", String(bytes.byteLength));
    if (!headers.has("etag")) headers.set("etag", await strongEtag(bytes));
    return { headers, tags: parseTags(res.headers.get(TAGS_FROM_ORIGIN)) };
  };

  /** Stores a complete answer under `key` with the headers the client was shown. */
  const save = async (
    cache: Cache,
    key: string,
    headers: Headers,
    tags: string[],
    bytes: Uint8Array<ArrayBuffer>,
    lifetime: Lifetime,
    startedAt: number,
  ): Promise<void> => {
    tags = [...tags, pathTag(new URL(key).pathname)];
    // A purge that landed while the origin was answering makes this answer stale already.
    if (index.purgedSince(tags, startedAt)) return;
    const stored = new Headers(headers);
    // What belongs to the one response that filled the entry, never to later hits.
    for (const name of PER_RESPONSE) stored.delete(name);
    stored.set(STORED_AT, String(startedAt));
    stored.set(ORIGINAL_CACHE_CONTROL, headers.get("cache-control") ?? "");
    stored.set(TAGS, tags.join(","));
    // Platforms that expire entries themselves (Deno Deploy) keep it for its whole life.
    stored.set("cache-control", `max-age=${lifetime.freshSec + lifetime.staleSec}`);
    try {
      await cache.put(key, new Response(bytes, { status: 200, headers: stored }));
      const entry = decodeEntry(bytes, stored);
      if (entry) hot.set(key, entry);
      index.add(key, tags);
    } catch (error) {
      logger.warn("Edge cache write failed", { key, error: (error as Error).message });
    }
  };

  /** Answers with a stored answer; a matching `If-None-Match` gets a 304 from Hono's etag. */
  const answer = async (
    c: Context<EdgeEnv>,
    headers: Headers,
    bytes: Uint8Array<ArrayBuffer>,
    result: "HIT" | "STALE" | "MISS",
  ): Promise<void> => {
    results.inc({ result: result.toLowerCase() });
    headers.set("x-cache", result);
    await conditional(c, () => {
      c.res = respond(c, c.req.method === "HEAD" ? null : bytes, { status: 200, headers });
      return Promise.resolve();
    });
  };

  const fromEntry = (entry: Entry): Headers => {
    const headers = new Headers(entry.client);
    headers.set("age", String(Math.max(0, Math.floor((now() - entry.storedAt) / 1000))));
    return headers;
  };

  const refresh = (c: Context<EdgeEnv>, cache: Cache, key: string, origin: Origin) => {
    if (refreshing.has(key)) return;
    const headers = new Headers(c.req.raw.headers);
    for (const name of CONDITIONAL) headers.delete(name);
    const request = new Request(c.req.url, { method: "GET", headers });
    const run = (async () => {
      const startedAt = now();
      try {
        const res = await origin(c, request);
        const lifetime = storableLifetime(res);
        if (!lifetime) {
          await res.body?.cancel();
          // The origin stopped allowing this to be cached (or it is gone); a failing origin
          // keeps the stale copy until its grace runs out.
          if (res.status < 500) {
            hot.delete(key);
            await cache.delete(key);
            index.remove(key);
          }
          return;
        }
        const body = await readCapped(res.body, maxEntryBytes);
        if (!body.bytes) return await body.stream.cancel();
        const { headers, tags } = await shown(res, body.bytes);
        await save(cache, key, headers, tags, body.bytes, lifetime, startedAt);
      } catch (error) {
        logger.warn("Background refetch failed", { key, error: (error as Error).message });
      }
    })().finally(() => refreshing.delete(key));
    refreshing.set(key, run);
  };

  return {
    middleware(origin) {
      return async function edgeCache(c, next) {
        const cache = bypassReason(c.req.raw, c.req.path) ? undefined : await open();
        if (!cache) {
          await next();
          if (c.res.status === 101) return;
          if (c.res.headers.has(TAGS_FROM_ORIGIN)) c.header(TAGS_FROM_ORIGIN, undefined);
          results.inc({ result: "bypass" });
          c.header("x-cache", "BYPASS");
          return;
        }
        const key = cacheKey(c.req.url, publicOrigin);
        let entry: Entry | undefined;
        try {
          entry = await read(cache, key);
        } catch (error) {
          logger.warn("Edge cache read failed", { key, error: (error as Error).message });
        }
        if (entry) {
          const age = now() - entry.storedAt;
          if (age < entry.freshMs) {
            served.set(c.req.raw, entry);
            return await answer(c, fromEntry(entry), entry.bytes, "HIT");
          }
          if (age < entry.freshMs + entry.staleMs) {
            refresh(c, cache, key, origin);
            return await answer(c, fromEntry(entry), entry.bytes, "STALE");
          }
        }

        // A miss: ask without the client's conditions, so that a full answer comes back to store.
        const client = c.req.raw;
        const headers = new Headers(client.headers);
        for (const name of CONDITIONAL) headers.delete(name);
        // A new request rather than a copy: a copy would follow the client request's signal,
        // which Deno also aborts when a response completes.
        c.req.raw = new Request(c.req.url, { method: c.req.method, headers });
        const startedAt = now();
        await next();
        c.req.raw = client;
        const res = c.res;
        const lifetime = c.req.method === "GET" ? storableLifetime(res) : undefined;
        const body = lifetime ? await readCapped(res.body, maxEntryBytes) : undefined;
        if (!lifetime || !body?.bytes) {
          if (body?.stream) c.res = new Response(body.stream, res);
          if (c.res.headers.has(TAGS_FROM_ORIGIN)) c.header(TAGS_FROM_ORIGIN, undefined);
          results.inc({ result: "miss" });
          c.header("x-cache", "MISS");
          return;
        }
        const stored = await shown(res, body.bytes);
        await save(cache, key, stored.headers, stored.tags, body.bytes, lifetime, startedAt);
        await answer(c, stored.headers, body.bytes, "MISS");
        // Hono's setter carried the origin's headers over; its purge tags stay hidden.
        if (c.res.headers.has(TAGS_FROM_ORIGIN)) c.header(TAGS_FROM_ORIGIN, undefined);
      };
    },
    async purge(tags) {
      const urls = index.purge(tags);
      for (const url of urls) hot.delete(url);
      const cache = await open();
      if (cache) await Promise.all(urls.map((url) => cache.delete(url)));
      purged.inc({}, urls.length);
      return urls.length;
    },
    peekFresh(req, path) {
      if (bypassReason(req, path)) return undefined;
      let key = keys.get(req.url);
      if (key === undefined) {
        key = cacheKey(req.url, publicOrigin);
        if (keys.size >= 10_000) keys.clear();
        keys.set(req.url, key);
      }
      const entry = hot.get(key);
      if (!entry || now() - entry.storedAt >= entry.freshMs) return undefined;
      if (index.purgedSince(entry.tags, entry.storedAt)) return undefined;
      results.inc({ result: "hit" });
      return entry;
    },
    servedFrom: (req) => served.get(req),
    async settled() {
      while (refreshing.size > 0) await Promise.all(refreshing.values());
    },
  };
}

/** A byte-bounded, least-recently-used map of stored answers. */
function createHotCache(maxBytes: number) {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes.byteLength;
  };
  return {
    get(key: string): Entry | undefined {
      const entry = entries.get(key);
      if (entry) {
        // Re-insert: Map order is the recency order.
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
    set(key: string, entry: Entry) {
      drop(key);
      if (entry.bytes.byteLength > maxBytes) return;
      entries.set(key, entry);
      bytes += entry.bytes.byteLength;
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break;
        drop(oldest);
      }
    },
    delete: drop,
  };
}

/** A strong ETag: the quoted base64url SHA-256 of `body`, taken once per stored answer. */
async function strongEtag(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const b64 = btoa(String.fromCharCode(...digest)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
  return `"${b64}"`;
}
