/**
 * Headers between the client and an upstream. Toward the service: hop-by-hop headers go,
 * every identity or forwarding header the client sent goes (the edge alone says who the
 * caller is and where the request came from), and the edge sets its own. Back to the
 * client: hop-by-hop headers go.
 * @module
 */
import type { Principal } from "@marquee/auth";

// RFC 9110 §7.6.1 connection-specific headers, plus proxy credentials meant for the edge.
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

// Names a client could use to claim an identity or an origin address.
const FORGEABLE =
  /^(x-user-|x-marquee-|x-forwarded-|x-real-ip$|true-client-ip$|forwarded$|x-client-ip$|cf-connecting-ip$)/;

/** What the edge knows about the request it forwards. */
export interface ForwardContext {
  clientAddress: string;
  /** `http` or `https`, as the client reached the edge. */
  proto: string;
  /** The host the client asked for. */
  host: string;
  /** The caller, only when the edge verified a token. */
  principal?: Principal;
}

/** Removes hop-by-hop headers, including those the `Connection` header names. */
export function stripHopByHop(headers: Headers): Headers {
  const named = headers.get("connection")?.split(",").map((h) => h.trim().toLowerCase()) ?? [];
  for (const name of [...HOP_BY_HOP, ...named]) if (name) headers.delete(name);
  return headers;
}

/** The headers to send upstream for a client request. */
export function upstreamRequestHeaders(incoming: Headers, context: ForwardContext): Headers {
  const headers = stripHopByHop(new Headers(incoming));
  for (const name of [...headers.keys()]) {
    if (FORGEABLE.test(name)) headers.delete(name);
  }
  // fetch sets these from the URL and body; the request id and trace context are set from
  // the edge's own span by the upstream client.
  for (const name of ["host", "content-length", "x-request-id", "traceparent"]) {
    headers.delete(name);
  }
  // Plain bodies from upstreams: the edge hashes, caches and rewrites them, and compresses
  // toward the client itself.
  headers.set("accept-encoding", "identity");
  headers.set("x-forwarded-for", context.clientAddress);
  headers.set("x-forwarded-proto", context.proto);
  headers.set("x-forwarded-host", context.host);
  if (context.principal) {
    headers.set("x-marquee-user-id", context.principal.userId);
    headers.set("x-marquee-roles", context.principal.roles.join(","));
  }
  return headers;
}

/** The headers to send back to the client for an upstream response. */
export function clientResponseHeaders(upstream: Headers): Headers {
  const headers = stripHopByHop(new Headers(upstream));
  // The edge answers with its own span of the trace.
  headers.delete("traceparent");
  return headers;
}
