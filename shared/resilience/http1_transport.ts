/**
 * A lean HTTP/1.1 client for the hot path between the edge and the services: plain `GET`
 * and `HEAD` over pooled keep-alive TCP connections, with the request written in one call
 * and the response head parsed in JavaScript. It does a third less work per call than
 * `fetch` (no `Request` object, no header list converted twice, no body stream for a small
 * answer; see docs/performance.md). Everything else — bodies, other methods, redirects to
 * follow, TLS — goes to `fallback` (`fetch`), so callers can use it as a drop-in `fetch`.
 *
 * Safety on a shared connection: responses are framed strictly (`http1_head.ts`), a
 * connection is reused only after its response was read to the end with nothing left over,
 * and one that fails is closed. A request that finds a pooled connection closed by the
 * server (no byte received) is sent again on another: `GET` and `HEAD` are safe to repeat.
 * @module
 */
import {
  MalformedResponseError,
  parseResponseHead,
  type ResponseHead,
  TOKEN,
} from "./http1_head.ts";
import { Wire } from "./_wire.ts";

/** A `fetch`-shaped function. */
export type Transport = (url: string, init?: RequestInit) => Promise<Response>;

/** Options of {@linkcode createHttp1Transport}. */
export interface Http1TransportOptions {
  /** Idle connections kept per origin; 64 by default. */
  maxIdlePerOrigin?: number;
  /** An idle connection older than this is closed, not reused; 4000 ms by default. */
  idleTimeoutMs?: number;
  /** Longest response head accepted; 64 KiB by default. */
  maxHeadBytes?: number;
  /** Bodies of a known length up to this are read whole; longer ones stream. 64 KiB. */
  bufferBodyBytes?: number;
  /** What sends the requests this client does not; `fetch` by default. */
  fallback?: Transport;
}

/** The client, with its pool. */
export interface Http1Transport {
  fetch: Transport;
  /** Idle connections held, over all origins. */
  idle(): number;
  /** Closes the idle connections and stops the sweeper. */
  close(): void;
}

interface Origin {
  key: string;
  hostname: string;
  port: number;
}

const SAFE_TARGET = /^\/[\x21-\x7e]*$/;
// Visible characters, spaces and tabs, and bytes past ASCII; never CR, LF or NUL.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const NON_ASCII = /[\u0080-\uffff]/;
const STREAM_READ = 64 * 1024;
const encoder = new TextEncoder();
// Kept on the answer itself. In a long-lived `WeakMap` keyed by the answer, the lines outlived
// it: V8's scavenges keep such a map's values until a full collection, which promoted every
// answer's header lines (`_young_headers_fixture.ts`).
const RECEIVED = Symbol("received header lines");
type Marked = Response & { [RECEIVED]?: ReadonlyArray<readonly [string, string]> };

/**
 * The header lines of a response this transport read, as received (names in lower case);
 * undefined for any other response. Walking it skips the sorted copy `Headers` makes.
 */
export function receivedHeaderList(
  res: Response,
): ReadonlyArray<readonly [string, string]> | undefined {
  return (res as Marked)[RECEIVED];
}

/**
 * A new connection to `origin`; the caller's signal can end the wait (a connect has no time
 * limit of its own short of the system's). Failures are TypeErrors, as fetch reports them.
 */
function connect(origin: Origin, signal: AbortSignal | undefined): Promise<Deno.TcpConn> {
  const connecting = Deno.connect({ hostname: origin.hostname, port: origin.port });
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(signal!.reason);
      connecting.then((conn) => conn.close(), () => {});
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    connecting.then((conn) => {
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) conn.close();
      else resolve(conn);
    }, (error: Error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(
        new TypeError(`Upstream connection failed: ${error.message}`, { cause: error }),
      );
    });
  });
}

/** Creates the client and its connection pool. */
export function createHttp1Transport(options: Http1TransportOptions = {}): Http1Transport {
  const {
    maxIdlePerOrigin = 64,
    idleTimeoutMs = 4000,
    maxHeadBytes = 64 * 1024,
    bufferBodyBytes = 64 * 1024,
    fallback = fetch,
  } = options;
  const pools = new Map<string, Wire[]>();
  const origins = new Map<string, Origin | null>();
  let sweeper: ReturnType<typeof setInterval> | undefined;

  const originOf = (authority: string): Origin | null => {
    let origin = origins.get(authority);
    if (origin === undefined) {
      try {
        const url = new URL(`http://${authority}/`);
        origin = url.username || url.password ? null : {
          key: authority,
          hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
          port: Number(url.port || 80),
        };
      } catch {
        origin = null;
      }
      origins.set(authority, origin);
    }
    return origin;
  };

  const sweep = () => {
    const cutoff = Date.now() - idleTimeoutMs;
    for (const [key, idle] of pools) {
      const live = idle.filter((wire) => {
        if (wire.idleSince > cutoff) return true;
        wire.close();
        return false;
      });
      if (live.length) pools.set(key, live);
      else pools.delete(key);
    }
    if (pools.size === 0 && sweeper !== undefined) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };

  const take = async (
    origin: Origin,
    signal: AbortSignal | undefined,
  ): Promise<{ wire: Wire; reused: boolean }> => {
    const idle = pools.get(origin.key);
    const cutoff = Date.now() - idleTimeoutMs;
    while (idle?.length) {
      const wire = idle.pop()!;
      if (wire.idleSince > cutoff) return { wire, reused: true };
      wire.close();
    }
    const conn = await connect(origin, signal);
    conn.setNoDelay(true);
    return { wire: new Wire(conn, origin.key), reused: false };
  };

  const release = (wire: Wire, head: ResponseHead) => {
    if (wire.closed) return;
    let idle = pools.get(wire.origin);
    if (!head.keepAlive || wire.hasUnread || (idle?.length ?? 0) >= maxIdlePerOrigin) {
      wire.close();
      return;
    }
    if (!idle) pools.set(wire.origin, idle = []);
    wire.idleSince = Date.now();
    idle.push(wire);
    if (sweeper === undefined) {
      const timer = setInterval(sweep, idleTimeoutMs);
      Deno.unrefTimer(timer);
      sweeper = timer;
    }
  };

  async function exchange(
    wire: Wire,
    request: Uint8Array,
    method: string,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    let done = false;
    const onAbort = () => wire.close();
    const finish = () => {
      done = true;
      signal?.removeEventListener("abort", onAbort);
    };
    const failure = (error: unknown) => {
      wire.close();
      finish();
      if (signal?.aborted) return signal.reason;
      return error instanceof TypeError
        ? error
        : new TypeError(`Upstream connection failed: ${(error as Error).message}`, {
          cause: error,
        });
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await wire.write(request);
      let head: ResponseHead;
      // Interim answers (100 Continue, 103 Early Hints) precede the real one.
      do head = parseResponseHead(await wire.readHead(maxHeadBytes), method); while (
        head.status < 200 && head.status !== 101
      );
      if (head.status === 101) throw new MalformedResponseError("unasked protocol switch");
      const init = { status: head.status, statusText: head.statusText };
      const answer = (body: BodyInit | null) => {
        // The headers go in after the Response exists: one built with a byte body and its
        // headers at once also builds the native header map it would be served with, and
        // this one is read, never served (about 4 µs a response).
        const res = new Response(body, init);
        const headers = res.headers;
        for (const [name, value] of head.headers) headers.append(name, value);
        (res as Marked)[RECEIVED] = head.headers;
        return res;
      };
      const { framing } = head;
      if (framing.kind === "none" || (framing.kind === "length" && framing.length === 0)) {
        const res = answer(null);
        release(wire, head);
        finish();
        return res;
      }
      if (framing.kind === "length" && framing.length <= bufferBodyBytes) {
        const res = answer(await wire.readExactly(framing.length));
        release(wire, head);
        finish();
        return res;
      }
      let left = framing.kind === "length" ? framing.length : Infinity;
      const body = new ReadableStream<Uint8Array<ArrayBuffer>>({
        async pull(controller) {
          try {
            let chunk: Uint8Array<ArrayBuffer> | null;
            if (framing.kind === "chunked") chunk = await wire.readChunk();
            else {
              chunk = await wire.readSome(Math.min(left, STREAM_READ));
              if (chunk === null && left !== Infinity) {
                throw new TypeError("Upstream closed the connection mid-body");
              }
            }
            if (chunk === null || (left -= chunk.length) <= 0) {
              if (chunk) controller.enqueue(chunk);
              controller.close();
              if (framing.kind === "close") wire.close();
              else release(wire, head);
              finish();
              return;
            }
            controller.enqueue(chunk);
          } catch (error) {
            controller.error(failure(error));
          }
        },
        cancel() {
          wire.close();
          finish();
        },
      });
      return answer(body);
    } catch (error) {
      if (!done) throw failure(error);
      throw error;
    }
  }

  const send: Transport = async (url, init = {}) => {
    const method = (init.method ?? "GET").toUpperCase();
    if (
      (method !== "GET" && method !== "HEAD") || init.body != null ||
      init.redirect !== "manual" || !url.startsWith("http://")
    ) return await fallback(url, init);
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const slash = url.indexOf("/", 7);
    const origin = originOf(url.slice(7, slash === -1 ? undefined : slash));
    let target = slash === -1 ? "/" : url.slice(slash).split("#", 1)[0]!;
    if (!SAFE_TARGET.test(target)) {
      const parsed = new URL(url);
      target = parsed.pathname + parsed.search;
    }
    if (!origin || !SAFE_TARGET.test(target)) return await fallback(url, init);

    let text = `${method} ${target} HTTP/1.1\r\nhost: ${origin.key}\r\n`;
    const add = (name: string, value: string) => {
      if (name !== "host" && name !== "connection" && name !== "content-length") {
        text += `${name}: ${value}\r\n`;
      }
    };
    if (Array.isArray(init.headers)) {
      // A list is written as it is, after the checks `Headers` would have made.
      for (const [name, value] of init.headers as Array<[string, string]>) {
        if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) {
          throw new TypeError(`Invalid header "${name}"`);
        }
        add(name.toLowerCase(), value.trim());
      }
    } else {
      // `Headers` checked their names and values already, and hold them in lower case, trimmed.
      // `forEach`, not the iterator, which sorts a mutable list again at every step.
      (init.headers instanceof Headers ? init.headers : new Headers(init.headers)).forEach(
        (value, name) => add(name, value),
      );
    }
    text += "\r\n";
    const request = NON_ASCII.test(text)
      ? Uint8Array.from(text, (char) => char.charCodeAt(0))
      : encoder.encode(text);

    for (;;) {
      const { wire, reused } = await take(origin, signal);
      const before = wire.received;
      try {
        return await exchange(wire, request, method, signal);
      } catch (error) {
        // A pooled connection the server had already closed: not an answer, try another.
        if (reused && wire.received === before && !signal?.aborted) continue;
        throw error;
      }
    }
  };

  return {
    fetch: send,
    idle: () => [...pools.values()].reduce((n, idle) => n + idle.length, 0),
    close() {
      for (const idle of pools.values()) for (const wire of idle) wire.close();
      pools.clear();
      if (sweeper !== undefined) clearInterval(sweeper);
      sweeper = undefined;
    },
  };
}
