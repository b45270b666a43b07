/**
 * WebSocket pass-through: the edge opens a socket to the upstream first (so a dead upstream
 * is a plain 502, not a socket that closes at once), then upgrades the client and pipes
 * frames both ways until either side closes. Identity headers are set for the upstream's
 * handshake exactly as for HTTP requests.
 * @module
 */
import type { Context } from "hono";
import type { Logger } from "@marquee/log";
import { problem } from "../_problem.ts";
import { upstreamRequestHeaders } from "./forward_headers.ts";
import type { Upstreams } from "./upstreams.ts";
import type { EdgeEnv } from "./variables.ts";

/** Options of {@linkcode createWebSocketProxy}. */
export interface WebSocketProxyOptions {
  upstreams: Upstreams;
  logger: Logger;
  /** How long the upstream may take to accept the socket; 5000 ms by default. */
  connectTimeoutMs?: number;
}

// Handshake headers that belong to the client's socket, not the upstream's.
const HANDSHAKE = /^(sec-websocket-|upgrade$|connection$)/;

/** Creates the handler of WebSocket routes. */
export function createWebSocketProxy(
  options: WebSocketProxyOptions,
): (c: Context<EdgeEnv>) => Promise<Response> {
  const { upstreams, logger, connectTimeoutMs = 5_000 } = options;
  return async function webSocketProxy(c) {
    const route = c.get("route")!;
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      return problem(c, 426, "This route speaks WebSocket only", { upgrade: "websocket" });
    }
    const url = new URL(c.req.url);
    const target = new URL(url.pathname + url.search, upstreams.url(route.upstream));
    target.protocol = target.protocol === "https:" ? "wss:" : "ws:";
    const headers = upstreamRequestHeaders(c.req.raw.headers, {
      clientAddress: c.get("clientAddress"),
      proto: c.get("clientProto") === "https" ? "wss" : "ws",
      host: c.req.header("host") ?? url.host,
      principal: c.get("principal"),
    });
    for (const name of [...headers.keys()]) if (HANDSHAKE.test(name)) headers.delete(name);
    const protocols = (c.req.header("sec-websocket-protocol") ?? "").split(",")
      .map((p) => p.trim()).filter((p) => p !== "");

    let upstream: WebSocket;
    try {
      upstream = await connect(target, { protocols, headers }, connectTimeoutMs);
    } catch (error) {
      logger.warn("WebSocket upstream unreachable", {
        upstream: route.upstream,
        error: (error as Error).message,
      });
      return problem(c, 502, `Service "${route.upstream}" could not be reached`);
    }
    const { socket, response } = Deno.upgradeWebSocket(c.req.raw, {
      ...(upstream.protocol ? { protocol: upstream.protocol } : {}),
    });
    pipe(socket, upstream);
    return response;
  };
}

// Deno's constructor takes handshake headers; where the DOM typings are loaded too (the
// storefront's browser code), they hide that overload.
const DenoWebSocket = WebSocket as unknown as new (
  url: URL,
  options: WebSocketOptions,
) => WebSocket;

function connect(url: URL, init: WebSocketOptions, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new DenoWebSocket(url, init);
    ws.binaryType = "arraybuffer";
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`No WebSocket handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.onopen = () => {
      clearTimeout(timer);
      resolve(ws);
    };
    ws.onerror = (event) => {
      clearTimeout(timer);
      reject(new Error((event as ErrorEvent).message || "WebSocket handshake failed"));
    };
  });
}

/** Forwards frames between the two sockets; frames arriving before the client opens wait. */
function pipe(client: WebSocket, upstream: WebSocket): void {
  client.binaryType = "arraybuffer";
  const early: Array<string | ArrayBuffer> = [];
  upstream.onmessage = (event) => {
    if (client.readyState === WebSocket.OPEN) client.send(event.data);
    else if (client.readyState === WebSocket.CONNECTING) early.push(event.data);
  };
  client.onopen = () => {
    for (const data of early.splice(0)) client.send(data);
  };
  client.onmessage = (event) => {
    if (upstream.readyState === WebSocket.OPEN) upstream.send(event.data);
  };
  const closer = (other: WebSocket) => (event: CloseEvent) => {
    if (other.readyState === WebSocket.CLOSED || other.readyState === WebSocket.CLOSING) return;
    // 1005 and 1006 are reported, never sent; anything else passes as it came.
    const code = event.code === 1005 || event.code === 1006 ? 1000 : event.code;
    try {
      other.close(code, event.reason);
    } catch {
      other.close();
    }
  };
  client.onclose = closer(upstream);
  upstream.onclose = closer(client);
  client.onerror = () => upstream.close(1011);
  upstream.onerror = () => {
    if (client.readyState === WebSocket.OPEN) client.close(1011);
  };
}
