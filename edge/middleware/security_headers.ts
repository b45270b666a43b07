/**
 * Headers every response carries, from Hono's `secureHeaders` with the edge's settings.
 * Ours on top: HSTS is sent only when the client reached the edge over https (or the public
 * URL is https, as behind a TLS-terminating proxy), which Hono decides once, not per request.
 * Browsers ignore HSTS over plain http anyway (RFC 6797 §8.1), and sending it from a
 * developer's http origin would only teach tools that honour it to pin `localhost` to https.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/** Options of {@linkcode securityHeaders}. */
export interface SecurityHeadersOptions {
  /** The public URL; an https one turns HSTS on for every response. */
  publicUrl: string;
}

/** The HSTS value: two years, subdomains included. */
export const HSTS = "max-age=63072000; includeSubDomains";

const SETTINGS: Parameters<typeof secureHeaders>[0] = {
  referrerPolicy: "strict-origin-when-cross-origin",
  // Headers for browsers long gone (IE's XSS filter and download prompt, Flash's policy files,
  // a prefetch switch the CSP's sources already bound): each costs every answer a header.
  xXssProtection: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xDnsPrefetchControl: false,
  // The pages are never framed (`frame-ancestors 'none'` in their CSP).
  xFrameOptions: "DENY",
  // Stripe's 3-D Secure and wallet windows are popups that must keep their opener.
  crossOriginOpenerPolicy: "same-origin-allow-popups",
  permissionsPolicy: {
    // Creators go live from the browser.
    camera: ["self"],
    microphone: ["self"],
    displayCapture: ["self"],
    fullscreen: ["self"],
    geolocation: [],
    usb: [],
    payment: ["self"],
  },
};

/** Sets Hono's security headers, with HSTS only where the client used https. */
export function securityHeaders(
  options: SecurityHeadersOptions,
): MiddlewareHandler<{ Variables: { clientProto?: string } }> {
  const publicHttps = new URL(options.publicUrl).protocol === "https:";
  const overHttps = secureHeaders({ ...SETTINGS, strictTransportSecurity: HSTS });
  const overHttp = secureHeaders({ ...SETTINGS, strictTransportSecurity: false });
  return function securityHeaders(c, next) {
    const https = publicHttps || c.get("clientProto") === "https" ||
      c.req.url.startsWith("https:");
    return (https ? overHttps : overHttp)(c, next);
  };
}
