import assert from "node:assert/strict";
import { eventStart } from "./content.ts";
import { pushArgs } from "./demo_push.ts";
import { coverPng, wrap } from "./media.ts";

Deno.test("a cover title wraps at spaces within the width", () => {
  assert.equal(wrap("Loopwright: a tape-loop plugin", 24), "Loopwright: a tape-loop\nplugin");
  assert.equal(wrap("Short", 24), "Short");
});

Deno.test("a cover is a 1200x900 PNG", async () => {
  const png = await coverPng({
    title: "City ambiences: field recordings",
    kicker: "DIGITAL ASSET",
    colors: ["0xb45309", "0xfacc15"],
  });
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const view = new DataView(png.buffer);
  assert.deepEqual([view.getUint32(16), view.getUint32(20)], [1200, 900], "IHDR width, height");
});

Deno.test("the demo event is tomorrow at 18:00 UTC, as a wall clock and an instant", () => {
  const { localStart, at } = eventStart(new Date("2026-12-31T23:30:00Z"));
  assert.equal(localStart, "2027-01-01T18:00");
  assert.equal(at.toISOString(), "2027-01-01T18:00:00.000Z");
});

Deno.test("the demo push draws the local time over the test source and sends FLV", () => {
  const args = pushArgs("rtmp://127.0.0.1:1935/live/x?key=k");
  assert.ok(args.some((a) => a.startsWith("testsrc2=")));
  assert.ok(args.some((a) => a.includes("drawtext=text='%{localtime}'")));
  assert.deepEqual(args.slice(-3), ["-f", "flv", "rtmp://127.0.0.1:1935/live/x?key=k"]);
});
