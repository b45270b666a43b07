import assert from "node:assert/strict";
import { fromLocalInput, suggestedStart, toLocalInput } from "./studio_time.ts";

Deno.test("a datetime-local value and its instant convert both ways in the local zone", () => {
  const iso = "2026-12-07T19:30:00.000Z";
  const local = toLocalInput(iso);
  assert.match(local, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  assert.equal(fromLocalInput(local), iso);
});

Deno.test("a blank or malformed value is no instant", () => {
  assert.equal(fromLocalInput(""), null);
  assert.equal(fromLocalInput("tomorrow"), null);
  assert.equal(fromLocalInput("2026-13-40T99:99"), null);
  assert.equal(toLocalInput("nope"), "");
});

Deno.test("the suggested start is the next quarter hour at least five minutes ahead", () => {
  assert.equal(
    suggestedStart(new Date("2026-12-07T19:07:00.000Z")),
    "2026-12-07T19:15:00.000Z",
  );
  assert.equal(
    suggestedStart(new Date("2026-12-07T19:12:00.000Z")),
    "2026-12-07T19:30:00.000Z",
  );
});
