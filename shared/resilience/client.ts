/**
 * The inter-service HTTP client: every call to another service goes through a bulkhead,
 * retries (idempotent requests only), a circuit breaker and a per-attempt timeout, and
 * carries the request id and trace context.
 * @module
 */
import type { Registry } from "@marquee/metrics";
import { sleep } from "./_sleep.ts";
import { upstreamMetrics } from "./_metrics.ts";
import { type BreakerSettings, type BreakerState, createBreaker } from "./breaker.ts";
import { createBulkhead } from "./bulkhead.ts";
import { createDeadlines } from "./deadlines.ts";
import {
  BulkheadRejectedError,
  CircuitOpenError,
  UpstreamStatusError,
  UpstreamTimeoutError,
} from "./errors.ts";
import { hasHeader, type HeaderList, toHeaderList } from "./header_list.ts";
import { propagateContext } from "./propagation.ts";
import {
  backoffDelay,
  type BackoffOptions,
  DEFAULT_BACKOFF,
  isIdempotent,
  isRetryable,
  retryAfterMs,
} from "./retry.ts";

/** What sends one attempt: `fetch`, or a stand-in for it in tests. */
export type Transport = (
  url: string,
  init: RequestInit & { client?: Deno.HttpClient },
) => Promise<Response>;

/** Options of `createUpstream`. */
export interface UpstreamOptions {
  /** The upstream's name, used in metric labels and error messages. */
  name: string;
  /** Where the upstream listens, such as `http://users:8080`; paths are appended to it. */
  baseUrl: string | URL;
  /** Registry the client's metrics are reported into. */
  registry: Registry;
  /**
   * Time limit of each attempt in milliseconds; 2000 by default (kept to within 25 ms: calls
   * due together share one timer). It covers reading the response body too, so stream large
   * bodies from a client with a longer limit.
   */
  timeoutMs?: number;
  /** Retries after the first attempt, for idempotent requests only; 2 by default. */
  retries?: number;
  /** Backoff between retries; `{ baseMs: 50, maxMs: 1000 }` by default. */
  backoff?: Partial<BackoffOptions>;
  /** Circuit breaker settings. */
  breaker?: BreakerSettings;
  /** Calls allowed in progress at once; 32 by default. */
  maxConcurrent?: number;
  /** Calls allowed to wait for a slot before new ones are refused; 64 by default. */
  maxQueue?: number;
  /** What sends each attempt; `fetch` by default. Tests hand in a stand-in. */
  transport?: Transport;
}

/** A resilient client bound to one upstream service. */
export interface Upstream {
  /** Sends a request to `path`; 4xx and 5xx answers are returned, not thrown. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Sends a request and parses a 2xx JSON answer; other statuses throw `UpstreamStatusError`. */
  json<T>(path: string, init?: RequestInit): Promise<T>;
  /** The circuit breaker's state. */
  state(): BreakerState;
  /** Stops the breaker's timers; later calls are refused. */
  close(): void;
}

/** Marks a caller's own cancellation so the breaker does not hold it against the upstream. */
class Cancelled {
  constructor(readonly reason: unknown) {}
}

const isFailureStatus = (res: Response) => res.status >= 500 || res.status === 429;

/** Creates a resilient client for one upstream. */
export function createUpstream(options: UpstreamOptions): Upstream {
  const { name, registry, timeoutMs = 2000, retries = 2, transport = fetch } = options;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const base = String(options.baseUrl).replace(/\/+$/, "");
  const metrics = upstreamMetrics(registry, name);
  const breaker = createBreaker<Response>({
    ...options.breaker,
    name,
    isFailure: isFailureStatus,
    isIgnored: (error) => error instanceof Cancelled,
    onStateChange: metrics.circuit,
  });
  const bulkhead = createBulkhead({
    maxConcurrent: options.maxConcurrent,
    maxQueue: options.maxQueue,
  });
  metrics.circuit("closed");
  metrics.bulkhead(() => bulkhead.stats());

  const deadlines = createDeadlines();
  type Call = RequestInit & { method: string; headers: HeaderList };
  const attempt = (url: string, init: Call) =>
    breaker.fire(async () => {
      const timeout = deadlines(timeoutMs);
      const caller = init.signal ?? undefined;
      const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
      const started = performance.now();
      try {
        const res = await transport(url, { ...init, signal });
        metrics.request(init.method, isFailureStatus(res) ? "failure" : "success");
        return res;
      } catch (error) {
        if (caller?.aborted) throw new Cancelled(caller.reason);
        if (timeout.aborted) {
          metrics.request(init.method, "timeout");
          throw new UpstreamTimeoutError(name, timeoutMs, { cause: error });
        }
        metrics.request(init.method, "failure");
        throw error;
      } finally {
        metrics.duration(init.method, (performance.now() - started) / 1000);
      }
    });

  const send = async (url: string, init: Call, maxRetries: number) => {
    for (let n = 0;; n++) {
      let outcome: unknown;
      try {
        outcome = await attempt(url, init);
      } catch (error) {
        if (error instanceof Cancelled) throw error.reason;
        if (error instanceof CircuitOpenError) metrics.request(init.method, "open");
        outcome = error;
      }
      if (n >= maxRetries || !isRetryable(outcome)) {
        if (outcome instanceof Response) return outcome;
        throw outcome;
      }
      let wait = backoffDelay(n, backoff);
      if (outcome instanceof Response) {
        wait = retryAfterMs(outcome.headers.get("retry-after"), { maxMs: backoff.maxMs }) ?? wait;
        await outcome.body?.cancel();
      }
      metrics.retry();
      await sleep(wait, init.signal ?? undefined);
    }
  };

  let closed = false;
  /** A call with `headers`, a list of the caller's own that this client may add to. */
  const call = async (path: string, init: RequestInit, headers: HeaderList) => {
    if (closed) throw new Error(`Upstream "${name}" is closed`);
    const method = (init.method ?? "GET").toUpperCase();
    propagateContext(headers);
    const url = base + (path.startsWith("/") ? path : `/${path}`);
    // A streamed body is consumed by the first attempt and cannot be sent again.
    const replayable = !(init.body instanceof ReadableStream);
    const maxRetries = replayable && isIdempotent(method, headers) ? retries : 0;
    try {
      return await bulkhead.run(
        () => send(url, { ...init, method, headers }, maxRetries),
        init.signal ?? undefined,
      );
    } catch (error) {
      if (error instanceof BulkheadRejectedError) {
        metrics.request(method, "rejected");
        metrics.bulkheadRejected();
      }
      throw error;
    }
  };
  const upstream: Upstream = {
    fetch: (path, init = {}) => call(path, init, toHeaderList(init.headers)),
    async json<T>(path: string, init: RequestInit = {}): Promise<T> {
      const headers = toHeaderList(init.headers);
      if (!hasHeader(headers, "accept")) headers.push(["accept", "application/json"]);
      const res = await call(path, init, headers);
      if (!res.ok) throw new UpstreamStatusError(name, res.status, await readBody(res));
      if (res.status === 204) {
        await res.body?.cancel();
        return undefined as T;
      }
      return await res.json() as T;
    },
    state: () => breaker.state(),
    close() {
      closed = true;
      breaker.shutdown();
    },
  };
  return upstream;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
