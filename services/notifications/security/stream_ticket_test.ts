import assert from "node:assert/strict";
import { createTicketSigner } from "./stream_ticket.ts";

const SECRET = "a-secret-of-at-least-thirty-two-chars";
const USER = "3f0c8f53-2d0e-4d57-9a43-0e8d4b7b9a10";
const now = new Date("2025-03-01T10:00:00Z");
const later = (sec: number) => new Date(now.getTime() + sec * 1000);

Deno.test("ticket: names its user until it expires after 60 seconds", async () => {
  const signer = createTicketSigner({ secret: SECRET });
  const { ticket, expiresAt } = await signer.issue(USER, now);
  assert.equal(expiresAt.toISOString(), "2025-03-01T10:01:00.000Z");
  assert.equal(await signer.verify(ticket, later(59)), USER);
  assert.equal(await signer.verify(ticket, later(60)), undefined);
});

Deno.test("ticket: another secret, a changed payload or junk is refused", async () => {
  const signer = createTicketSigner({ secret: SECRET });
  const { ticket } = await signer.issue(USER, now);
  const other = createTicketSigner({ secret: `${SECRET}-other` });
  assert.equal(await other.verify(ticket, now), undefined);

  const [, mac] = ticket.split(".");
  const forged = btoa(JSON.stringify({ p: "notifications.stream", sub: "someone", exp: 9e15 }))
    .replaceAll("=", "");
  assert.equal(await signer.verify(`${forged}.${mac}`, now), undefined);
  for (const junk of ["", "abc", "a.b", "a.b.c", `${ticket}x`, "x".repeat(600) + ".y"]) {
    assert.equal(await signer.verify(junk, now), undefined, junk);
  }
});
