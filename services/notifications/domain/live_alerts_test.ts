import assert from "node:assert/strict";
import { audienceOf, isStale, minutesUntil } from "./live_alerts.ts";

const CREATOR = "0b0e0000-0000-4000-8000-000000000001";
const ANA = "0b0e0000-0000-4000-8000-00000000000a";
const BEN = "0b0e0000-0000-4000-8000-00000000000b";

Deno.test("audience: followers and holders once each, never the creator", () => {
  assert.deepEqual(
    audienceOf(CREATOR, [ANA, CREATOR.toUpperCase()], [BEN, ANA.toUpperCase()]),
    [ANA, BEN],
  );
  assert.deepEqual(audienceOf(CREATOR, [], []), []);
});

Deno.test("staleness: 'is live' is sent within 30 minutes of the start", () => {
  const stream = { startedAt: "2026-01-01T10:00:00Z", scheduledStart: "2026-01-01T09:00:00Z" };
  assert.equal(isStale("live", stream, new Date("2026-01-01T10:29:00Z")), false);
  assert.equal(isStale("live", stream, new Date("2026-01-01T10:31:00Z")), true);
});

Deno.test("staleness: a reminder is dropped once the scheduled start has passed", () => {
  const stream = { startedAt: null, scheduledStart: "2026-01-01T10:00:00Z" };
  assert.equal(isStale("starting_soon", stream, new Date("2026-01-01T09:46:00Z")), false);
  assert.equal(isStale("starting_soon", stream, new Date("2026-01-01T10:00:00Z")), true);
});

Deno.test("minutes until the start: rounded, at least one", () => {
  const start = "2026-01-01T10:00:00Z";
  assert.equal(minutesUntil(start, new Date("2026-01-01T09:45:10Z")), 15);
  assert.equal(minutesUntil(start, new Date("2026-01-01T09:46:00Z")), 14);
  assert.equal(minutesUntil(start, new Date("2026-01-01T09:59:59Z")), 1);
});
