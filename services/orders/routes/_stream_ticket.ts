/**
 * Short-lived tickets for the live order stream: EventSource cannot send headers, so the
 * page asks for a ticket with its bearer token and opens `?ticket=`. A ticket names one
 * order and one user and is signed with HMAC-SHA256.
 * @module
 */
import { timingSafeEqual } from "node:crypto";

const encoder = new TextEncoder();
const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

async function sign(secret: string, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return b64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(payload))));
}

/** A ticket for `userId` to watch `orderId` until `expiresAt`. */
export async function issueTicket(
  secret: string,
  claims: { orderId: string; userId: string; expiresAt: Date },
): Promise<string> {
  const payload = `${claims.orderId}.${claims.userId}.${claims.expiresAt.getTime()}`;
  return `${b64url(encoder.encode(payload))}.${await sign(secret, payload)}`;
}

/** The user a valid, unexpired ticket for `orderId` names; null otherwise. */
export async function verifyTicket(
  secret: string,
  ticket: string,
  orderId: string,
  now: Date,
): Promise<string | null> {
  const [body, mac] = ticket.split(".");
  if (!body || !mac || ticket.length > 512) return null;
  let payload: string;
  try {
    payload = atob(body.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  const expected = encoder.encode(await sign(secret, payload));
  const given = encoder.encode(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [ticketOrder, userId, exp] = payload.split(".");
  if (ticketOrder !== orderId || !userId || Number(exp) <= now.getTime()) return null;
  return userId;
}
