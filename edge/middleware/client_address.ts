/**
 * The client's address and scheme, decided once per request. The socket's peer comes from
 * Hono's `getConnInfo`; ours on top is the trust in proxies, which Hono lacks. With no
 * trusted proxy the address is the socket's peer, so a client cannot pick its own address
 * (and rate-limit budget) with a forged `x-forwarded-for`. Behind `n` known proxies it is the n-th entry
 * from the right of the forwarded chain (the socket's peer counting as the last entry): the
 * right-most address no trusted proxy vouches for. The scheme likewise comes from
 * `x-forwarded-proto` only behind a trusted proxy.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/deno";

/** The variables this middleware sets. */
export interface ClientAddressVariables {
  clientAddress: string;
  /** `http` or `https`, as the client reached the edge (or the first trusted proxy). */
  clientProto: string;
}

/** Options of {@linkcode clientAddress}. */
export interface ClientAddressOptions {
  /** Proxies in front of the edge that are trusted to append to `x-forwarded-for`. */
  trustProxyHops: number;
}

/** Sets `clientAddress` and `clientProto` from the connection (and trusted proxies' headers). */
export function clientAddress(
  options: ClientAddressOptions,
): MiddlewareHandler<{ Variables: ClientAddressVariables }> {
  const { trustProxyHops } = options;
  return async function clientAddress(c, next) {
    const socket = socketAddress(c);
    c.set(
      "clientAddress",
      resolveClientAddress(socket, c.req.header("x-forwarded-for"), trustProxyHops),
    );
    c.set(
      "clientProto",
      resolveClientProto(c.req.url, c.req.header("x-forwarded-proto"), trustProxyHops),
    );
    await next();
  };
}

/** Picks the client's address from the socket peer and the forwarded chain. */
export function resolveClientAddress(
  socket: string,
  forwardedFor: string | undefined,
  trustProxyHops: number,
): string {
  if (trustProxyHops === 0) return socket;
  const chain = [...(forwardedFor ?? "").split(",").map(normalizeAddress), socket]
    .filter((a) => a !== "");
  const picked = chain[Math.max(0, chain.length - 1 - trustProxyHops)];
  return picked && isAddress(picked) ? picked : socket;
}

/**
 * `http` or `https` as the client reached the edge: the last `x-forwarded-proto` entry when
 * a trusted proxy is in front, else the edge's own URL.
 */
export function resolveClientProto(
  url: string,
  forwardedProto: string | null | undefined,
  trustProxyHops: number,
): string {
  const own = url.startsWith("https:") ? "https" : "http";
  const forwarded = forwardedProto?.split(",").at(-1)?.trim().toLowerCase();
  return trustProxyHops > 0 && (forwarded === "http" || forwarded === "https") ? forwarded : own;
}

/** The socket's peer address, or "unknown" (in-process requests, Unix sockets). */
function socketAddress(c: Context): string {
  // In-process requests (`app.request`) come without Deno's serve handler info.
  const address = c.env?.remoteAddr ? getConnInfo(c).remote.address : undefined;
  return address ? normalizeAddress(address) : "unknown";
}

/** Strips brackets and ports: `[::1]:80` → `::1`, `1.2.3.4:80` → `1.2.3.4`. */
function normalizeAddress(raw: string): string {
  const value = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return v4WithPort ? v4WithPort[1]! : value;
}

function isAddress(value: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(value) ||
    /^[0-9a-f:.]+$/.test(value) && value.includes(":");
}
