/**
 * Stream tickets: short-lived HMAC-signed tokens naming a user, for the event stream that
 * browsers open with `EventSource`, which cannot send an `Authorization` header. A ticket
 * is `base64url(payload).base64url(HMAC-SHA256(payload))`; it may be reused until it
 * expires (60 seconds by default), so it is no more than a brief stand-in for the token.
 * @module
 */

/** Issues and checks tickets. */
export interface TicketSigner {
  /** A ticket for `userId`, and when it expires. */
  issue(userId: string, now: Date): Promise<{ ticket: string; expiresAt: Date }>;
  /** The user a valid, unexpired ticket names; undefined for anything else. */
  verify(ticket: string, now: Date): Promise<string | undefined>;
}

/** Longest ticket accepted, far above a real one. */
const MAX_TICKET_LENGTH = 512;
const PURPOSE = "notifications.stream";
const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Creates a signer for `secret`; tickets live `ttlSec` seconds (60 by default). */
export function createTicketSigner(options: { secret: string; ttlSec?: number }): TicketSigner {
  const ttlMs = (options.ttlSec ?? 60) * 1000;
  const key = crypto.subtle.importKey(
    "raw",
    encoder.encode(options.secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  return {
    async issue(userId, now) {
      const expiresAt = new Date(now.getTime() + ttlMs);
      const payload = encoder.encode(
        JSON.stringify({ p: PURPOSE, sub: userId, exp: expiresAt.getTime() }),
      );
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await key, payload));
      return { ticket: `${toBase64Url(payload)}.${toBase64Url(mac)}`, expiresAt };
    },
    async verify(ticket, now) {
      if (ticket.length > MAX_TICKET_LENGTH || !/^[\w-]+\.[\w-]+$/.test(ticket)) return undefined;
      const [payloadText, macText] = ticket.split(".") as [string, string];
      try {
        const payload = fromBase64Url(payloadText);
        // crypto.subtle.verify compares in constant time.
        const ok = await crypto.subtle.verify("HMAC", await key, fromBase64Url(macText), payload);
        if (!ok) return undefined;
        const claims = JSON.parse(new TextDecoder().decode(payload));
        if (claims?.p !== PURPOSE || typeof claims.sub !== "string") return undefined;
        if (typeof claims.exp !== "number" || claims.exp <= now.getTime()) return undefined;
        return claims.sub;
      } catch {
        return undefined;
      }
    },
  };
}
