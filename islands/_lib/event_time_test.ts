import assert from "node:assert/strict";
import { formatDuration, formatEventTime, zoneOffset } from "./event_time.ts";

const NOW = new Date("2026-11-01T00:00:00Z");

Deno.test("an event time reads in the zone asked for, with its offset", () => {
  const iso = "2026-12-12T18:00:00Z";
  assert.equal(formatEventTime(iso, "Europe/Paris", NOW), "Sat 12 Dec, 19:00");
  assert.equal(zoneOffset(iso, "Europe/Paris"), "GMT+1");
  assert.equal(formatEventTime(iso, "Europe/London", NOW), "Sat 12 Dec, 18:00");
  assert.equal(zoneOffset(iso, "Europe/London"), "GMT");
  assert.equal(formatEventTime(iso, "Asia/Tokyo", NOW), "Sun 13 Dec, 03:00");
});

Deno.test("another year is named; lengths read as hours and minutes", () => {
  assert.equal(
    formatEventTime("2027-07-05T00:30:00Z", "America/New_York", NOW),
    "Sun, 4 Jul 2027, 20:30",
  );
  assert.equal(formatEventTime("not a date"), "");
  assert.equal(formatDuration(90), "1 h 30 min");
  assert.equal(formatDuration(45), "45 min");
  assert.equal(formatDuration(120), "2 h");
});
