import assert from "node:assert/strict";
import { liveMessage, startingSoonMessage } from "./live.ts";

const EVIL = `<script>alert("pwned")</script>`;
const URL = "http://localhost:8000/live/5e0c0000-0000-4000-8000-000000000001";

Deno.test("live alert: '<creator> is live: <title>' with the stream's link", () => {
  const m = liveMessage({ name: "Ada", creatorName: "Pia", title: "Synth night", url: URL });
  assert.equal(m.subject, "Pia is live: Synth night");
  assert.equal(m.summary, "Pia is live: Synth night");
  assert.match(m.text, /^Hi Ada,/);
  assert.ok(m.text.includes(`Watch now: ${URL}`));
  assert.ok(m.html.includes(`href="${URL}"`));
});

Deno.test("reminder: starting in N minutes, with the UTC start time", () => {
  const m = startingSoonMessage({
    name: "Ada",
    creatorName: "Pia",
    title: "Synth night",
    url: URL,
    scheduledStart: "2026-03-01T20:00:00Z",
    minutes: 15,
  });
  assert.equal(m.subject, "Starting in 15 minutes: Synth night");
  assert.equal(m.summary, "Pia starts in 15 minutes: Synth night");
  assert.match(m.text, /Pia goes live in 15 minutes \(Mar 1, 2026, 8:00\s?PM UTC\)/);
  const one = startingSoonMessage({
    name: "Ada",
    creatorName: "Pia",
    title: "T",
    url: URL,
    scheduledStart: "2026-03-01T20:00:00Z",
    minutes: 1,
  });
  assert.equal(one.subject, "Starting in 1 minute: T");
});

Deno.test("live alerts escape names and titles in HTML", () => {
  const m = liveMessage({ name: EVIL, creatorName: EVIL, title: EVIL, url: URL });
  assert.ok(!m.html.includes("<script>"));
  assert.ok(m.html.includes("&lt;script&gt;"));
});
