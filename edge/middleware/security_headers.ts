/**
 * Headers every response carries. HSTS is sent only when the client reached the edge over
 * https (or the public URL is https, as behind a TLS-terminating proxy): browsers ignore it
 * over plain http anyway (RFC 6797 §8.1), and sending it from a developer's http origin
 * would only teach tools and proxies that honour it to pin `localhost` to https.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { type HeaderWrite, writeResponseHeaders } from "./_response_headers.ts";

/** Options of {@linkcode securityHeaders}. */
export interface SecurityHeadersOptions {
  /** The public URL; an https one turns HSTS on for every response. */
  publicUrl: string;
}

const PERMISSIONS_POLICY = [
  // Creators go live from the browser.
  "camera=(self)",
  "microphone=(self)",
  "display-capture=(self)",
  "fullscreen=(self)",
  "geolocation=()",
  "usb=()",
  "payment=(self)",
].join(", ");

/** Sets HSTS (over https), `nosniff`, the referrer policy and the permissions policy. */
export function securityHeaders(
  options: SecurityHeadersOptions,
): MiddlewareHandler<{ Variables: { clientProto?: string } }> {
  const publicHttps = new URL(options.publicUrl).protocol === "https:";
  return async function securityHeaders(c, next) {
    await next();
    if (c.res.status === 101) return;
    const https = publicHttps || new URL(c.req.url).protocol === "https:" ||
      c.get("clientProto") === "https";
    writeResponseHeaders(c, securityHeaderList(https));
  };
}

/** The security headers every response carries; HSTS only where the client used https. */
export function securityHeaderList(https: boolean): HeaderWrite[] {
  const writes: HeaderWrite[] = [
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "strict-origin-when-cross-origin"],
    ["permissions-policy", PERMISSIONS_POLICY],
  ];
  if (https) writes.push(["strict-transport-security", "max-age=63072000; includeSubDomains"]);
  return writes;
}
