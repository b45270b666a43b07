import assert from "node:assert/strict";
import {
  isTimeZone,
  localStartOf,
  misplacedDetails,
  missingDetails,
  resolveEvent,
} from "./product_types.ts";

Deno.test("an event's wall-clock start is read in its own zone", () => {
  // given a London evening in winter (GMT) and a New York one in summer (UTC-4)
  const london = resolveEvent({
    localStart: "2026-12-12T19:00",
    timeZone: "Europe/London",
    durationMinutes: 90,
  });
  const newYork = resolveEvent({
    localStart: "2026-07-04T20:30",
    timeZone: "America/New_York",
    durationMinutes: null,
  });
  // then
  assert.ok(london.ok && newYork.ok);
  assert.equal(london.event.startsAt.toISOString(), "2026-12-12T19:00:00.000Z");
  assert.equal(newYork.event.startsAt.toISOString(), "2026-07-05T00:30:00.000Z");
  assert.equal(localStartOf(newYork.event), "2026-07-04T20:30");
});

Deno.test("a start skipped by a clock change moves forward; bad dates and zones are named", () => {
  // 02:30 does not exist in Berlin on 29 March 2026: clocks jump from 02:00 to 03:00.
  const gap = resolveEvent({
    localStart: "2026-03-29T02:30",
    timeZone: "Europe/Berlin",
    durationMinutes: null,
  });
  assert.ok(gap.ok);
  assert.equal(localStartOf(gap.event), "2026-03-29T03:30");
  const badDate = resolveEvent({
    localStart: "2026-02-30T10:00",
    timeZone: "UTC",
    durationMinutes: null,
  });
  assert.deepEqual(!badDate.ok && badDate.errors.map((e) => e.field), ["event.localStart"]);
  const badZone = resolveEvent({
    localStart: "2026-02-03T10:00",
    timeZone: "Mars/Olympus",
    durationMinutes: null,
  });
  assert.deepEqual(!badZone.ok && badZone.errors.map((e) => e.field), ["event.timeZone"]);
});

Deno.test("time zones are IANA names", () => {
  assert.ok(isTimeZone("Europe/London"));
  assert.ok(isTimeZone("UTC"));
  assert.ok(!isTimeZone("GMT+1"));
  assert.ok(!isTimeZone("Nowhere/Atall"));
});

Deno.test("each type's fields belong to that type only", () => {
  const event = { startsAt: new Date(0), timeZone: "UTC", durationMinutes: null };
  const membership = { period: "year" as const, perks: [] };
  assert.deepEqual(misplacedDetails("live_ticket", { event }), []);
  assert.deepEqual(misplacedDetails("course", { event }).map((e) => e.field), ["event"]);
  assert.deepEqual(misplacedDetails("membership", { membership }), []);
  assert.deepEqual(misplacedDetails("asset", { membership }).map((e) => e.field), [
    "membership",
  ]);
  assert.deepEqual(missingDetails("asset", { event: null, membership: null }), []);
});
