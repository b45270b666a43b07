import assert from "node:assert/strict";
import { issueTicket, verifyTicket } from "./_stream_ticket.ts";

const SECRET = "stream-ticket-test-secret";
const ORDER = "6f1d7a52-3a43-4d3c-9d51-1c1f0d6b1a01";
const now = new Date("2030-01-01T00:00:00Z");
const expiresAt = new Date(now.getTime() + 60_000);

Deno.test("a ticket names its user for its order until it expires", async () => {
  const ticket = await issueTicket(SECRET, { orderId: ORDER, userId: "u-1", expiresAt });
  assert.equal(await verifyTicket(SECRET, ticket, ORDER, now), "u-1");
  assert.equal(await verifyTicket(SECRET, ticket, crypto.randomUUID(), now), null);
  assert.equal(await verifyTicket(SECRET, ticket, ORDER, expiresAt), null);
  assert.equal(await verifyTicket("another-secret-entirely", ticket, ORDER, now), null);
});

Deno.test("a tampered or malformed ticket is refused", async () => {
  const ticket = await issueTicket(SECRET, { orderId: ORDER, userId: "u-1", expiresAt });
  const [, mac] = ticket.split(".");
  const forged = `${btoa(`${ORDER}.u-2.${expiresAt.getTime()}`)}.${mac}`;
  assert.equal(await verifyTicket(SECRET, forged, ORDER, now), null);
  assert.equal(await verifyTicket(SECRET, "nonsense", ORDER, now), null);
  assert.equal(await verifyTicket(SECRET, "!!.??", ORDER, now), null);
});
