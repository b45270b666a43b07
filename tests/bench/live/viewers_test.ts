import assert from "node:assert/strict";
import { lastPart } from "./viewers.ts";

const head = "#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:7\n";
const part = (n: number) => `#EXT-X-PART:DURATION=0.20000,URI="p${n}.mp4?token=t"`;

Deno.test("the next part of a segment still being written is the next index", () => {
  const playlist = [head, part(1), part(2), "#EXTINF:1.0,", "s7.mp4", part(3), part(4)]
    .join("\n");
  assert.deepEqual(lastPart(playlist), {
    uri: "p4.mp4?token=t",
    msn: 8,
    part: 1,
    next: { msn: 8, part: 2 },
  });
});

Deno.test("after the last part of a closed segment comes part 0 of the next", () => {
  const playlist = [head, part(1), part(2), "#EXTINF:1.0,", "s7.mp4", part(3), "#EXTINF:1.0,"]
    .concat(["s8.mp4", '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="p4.mp4"']).join("\n");
  assert.deepEqual(lastPart(playlist), {
    uri: "p3.mp4?token=t",
    msn: 8,
    part: 0,
    next: { msn: 9, part: 0 },
  });
});

Deno.test("a playlist without parts has no last part", () => {
  assert.equal(lastPart(`${head}#EXTINF:1.0,\ns7.mp4\n`), undefined);
});
