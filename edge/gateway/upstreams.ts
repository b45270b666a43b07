/**
 * One resilient client per upstream service (and a second one with a long time limit for
 * streamed routes, since a client's time limit covers the response body): each has its
 * own breaker, bulkhead and metrics, so one failing service cannot drag the others down.
 * @module
 */
import type { Registry } from "@marquee/metrics";
import { createUpstream, type Upstream } from "@marquee/resilience";

/** Options of {@linkcode createUpstreams}. */
export interface UpstreamsOptions {
  /** Base URL by upstream name. */
  urls: Readonly<Record<string, string>>;
  registry: Registry;
  timeoutMs: number;
  streamTimeoutMs: number;
  retries: number;
  breakerResetMs: number;
  maxConcurrent: number;
}

/** The clients of every upstream, created on first use. */
export interface Upstreams {
  /** The client for `name`; `stream` picks the long-running one. */
  get(name: string, stream?: boolean): Upstream;
  /** The base URL of `name`. */
  url(name: string): string;
  /** Seconds an open breaker waits before probing, for `Retry-After`. */
  readonly retryAfterSec: number;
  close(): void;
}

/** Creates the upstream clients. */
export function createUpstreams(options: UpstreamsOptions): Upstreams {
  const clients = new Map<string, Upstream>();
  return {
    get(name, stream = false) {
      const id = stream ? `${name}-stream` : name;
      let client = clients.get(id);
      if (!client) {
        const baseUrl = options.urls[name];
        if (baseUrl === undefined) throw new RangeError(`Unknown upstream "${name}"`);
        client = createUpstream({
          name: id,
          baseUrl,
          registry: options.registry,
          timeoutMs: stream ? options.streamTimeoutMs : options.timeoutMs,
          retries: options.retries,
          breaker: { resetTimeout: options.breakerResetMs },
          maxConcurrent: options.maxConcurrent,
          maxQueue: options.maxConcurrent * 2,
        });
        clients.set(id, client);
      }
      return client;
    },
    url(name) {
      const baseUrl = options.urls[name];
      if (baseUrl === undefined) throw new RangeError(`Unknown upstream "${name}"`);
      return baseUrl;
    },
    retryAfterSec: Math.max(1, Math.ceil(options.breakerResetMs / 1000)),
    close() {
      for (const client of clients.values()) client.close();
      clients.clear();
    },
  };
}
