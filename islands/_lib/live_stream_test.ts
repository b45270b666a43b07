import assert from "node:assert/strict";
import { countdownLabel, countdownText, onAir, streamHref, viewersText } from "./live_stream.ts";

const NOW = Date.parse("2026-12-07T20:00:00Z");
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

Deno.test("the countdown shortens as the start nears, then says it is starting", () => {
  assert.equal(countdownText(at(2 * 86_400 + 3 * 3600 + 60), NOW), "2d 3h");
  assert.equal(countdownText(at(3 * 3600 + 5 * 60 + 9), NOW), "3h 05m");
  assert.equal(countdownText(at(4 * 60 + 9), NOW), "4:09");
  assert.equal(countdownText(at(0), NOW), "Starting soon");
  assert.equal(countdownText(at(-600), NOW), "Starting soon");
  assert.equal(countdownText("not a date", NOW), "Starting soon");
});

Deno.test("the countdown's spoken label names at most two units", () => {
  assert.equal(countdownLabel(at(86_400 + 3600 + 120), NOW), "Starts in 1 day 1 hour");
  assert.equal(countdownLabel(at(3 * 3600 + 5 * 60), NOW), "Starts in 3 hours 5 minutes");
  assert.equal(countdownLabel(at(30), NOW), "Starts in less than a minute");
});

Deno.test("viewers, air and links", () => {
  assert.equal(viewersText(1), "1 watching");
  assert.equal(viewersText(1200), "1,200 watching");
  assert.ok(onAir("reconnecting"));
  assert.ok(!onAir("ended"));
  assert.equal(streamHref("a b"), "/live/a%20b");
});
