import assert from "node:assert/strict";
import {
  afterFailure,
  isCompleteVod,
  listingImage,
  MAX_BUILD_ATTEMPTS,
  playlistDurationMs,
  playlistUris,
  posterSegment,
  recordedSegment,
  recordingSettled,
  replayWanted,
  rewritePlaylist,
  segmentOrder,
  segmentUrlTtlSec,
  thumbnailDue,
} from "./replay.ts";
import { decide, evolveAll, type Stream, type StreamCommand } from "./stream.ts";

const T0 = new Date("2026-03-01T12:00:00.000Z");
const at = (sec: number) => new Date(T0.getTime() + sec * 1000);
const ID = "00000000-0000-4000-8000-0000000000a1";

/** Given these commands, when `command` is applied, then the stream after it and its events. */
function given(...commands: StreamCommand[]) {
  let state: Stream | undefined;
  for (const c of commands) state = evolveAll(state, decide(c, state));
  return {
    when(command: StreamCommand) {
      const events = decide(command, state);
      return { events, after: evolveAll(state, events)! };
    },
  };
}

const schedule: StreamCommand = {
  type: "schedule",
  id: ID,
  creatorId: "creator-1",
  fields: { title: "Patching", description: "", scheduledStart: at(60), access: { kind: "free" } },
  at: T0,
};
const arrived: StreamCommand = { type: "publisher_arrived", at: at(60) };
const left: StreamCommand = { type: "publisher_left", at: at(120), graceMs: 5_000 };

Deno.test("a stream that went live and ran out its grace period gets a replay", () => {
  const { events, after } = given(schedule, arrived, left).when({
    type: "grace_check",
    at: at(126),
  });
  assert.ok(replayWanted(events, after));
});

Deno.test("a stream its creator stopped gets a replay", () => {
  const { events, after } = given(schedule, arrived).when({ type: "stop", at: at(90) });
  assert.ok(replayWanted(events, after));
});

Deno.test("a cancelled stream never went live: no replay", () => {
  const { events, after } = given(schedule).when({ type: "cancel", at: at(30) });
  assert.equal(replayWanted(events, after), false);
});

Deno.test("a publisher that leaves without the stream ending calls for no replay yet", () => {
  const { events, after } = given(schedule, arrived).when(left);
  assert.equal(replayWanted(events, after), false);
});

Deno.test("a failed build is tried again later, each wait longer, then given up", () => {
  const first = afterFailure(1, T0);
  assert.deepEqual(first, { status: "pending", nextAttemptAt: at(5) });
  const third = afterFailure(3, T0);
  assert.deepEqual(third, { status: "pending", nextAttemptAt: at(20) });
  assert.deepEqual(afterFailure(MAX_BUILD_ATTEMPTS, T0), { status: "failed" });
});

Deno.test("segments are taken in recording order; other files are left out", () => {
  const names = [
    "2026-12-07_21-12-37-845348.mp4",
    "notes.txt",
    "2026-12-07_21-12-31-856785.mp4",
    "2026-12-07_21-12-33-851334.mp4",
    "../2026-12-07_21-12-30-000000.mp4",
  ];
  assert.deepEqual(segmentOrder(names), [
    "2026-12-07_21-12-31-856785.mp4",
    "2026-12-07_21-12-33-851334.mp4",
    "2026-12-07_21-12-37-845348.mp4",
  ]);
});

Deno.test("a segment hook may only name a segment in the stream's own folder", () => {
  const dir = "/data/recordings/";
  const path = `live/${ID}`;
  const good = `/data/recordings/live/${ID}/2026-12-07_21-12-31-856785.mp4`;
  assert.equal(recordedSegment(dir, path, good), good);
  for (
    const bad of [
      `/data/recordings/live/other/2026-12-07_21-12-31-856785.mp4`,
      `/data/recordings/live/${ID}/../../../etc/passwd`,
      `/data/recordings/live/${ID}/x/2026-12-07_21-12-31-856785.mp4`,
      `/elsewhere/live/${ID}/2026-12-07_21-12-31-856785.mp4`,
      `/data/recordings/live/${ID}/2026-12-07_21-12-31-856785.mp4.sh`,
    ]
  ) assert.equal(recordedSegment(dir, path, bad), undefined, bad);
});

Deno.test("recordings still being written are not made a replay yet", () => {
  assert.equal(recordingSettled(at(10), new Date(at(10).getTime() + 500)), false);
  assert.ok(recordingSettled(at(10), at(12)));
});

Deno.test("the poster comes from a third of the way in", () => {
  assert.equal(posterSegment(["a", "b", "c", "d", "e", "f"]), "c");
  assert.equal(posterSegment(["a"]), "a");
  assert.equal(posterSegment([]), undefined);
});

const VOD = [
  "#EXTM3U",
  "#EXT-X-VERSION:7",
  "#EXT-X-TARGETDURATION:4",
  "#EXT-X-MEDIA-SEQUENCE:0",
  "#EXT-X-PLAYLIST-TYPE:VOD",
  '#EXT-X-MAP:URI="init.mp4"',
  "#EXTINF:4.029036,",
  "seg_00000.m4s",
  "#EXTINF:2.600000,",
  "seg_00001.m4s",
  "#EXT-X-ENDLIST",
  "",
].join("\n");

Deno.test("a VOD playlist: complete, its length, its URIs", () => {
  assert.ok(isCompleteVod(VOD));
  assert.equal(isCompleteVod(VOD.replace("#EXT-X-ENDLIST\n", "")), false);
  assert.equal(playlistDurationMs(VOD), 6629);
  assert.deepEqual(playlistUris(VOD), ["init.mp4", "seg_00000.m4s", "seg_00001.m4s"]);
});

Deno.test("every URI of the playlist is replaced by its signed URL", () => {
  const urls = new Map(playlistUris(VOD).map((u) => [u, `https://s3.test/replays/${u}?X-Sig=1`]));
  const signed = rewritePlaylist(VOD, urls);
  assert.match(signed, /^#EXT-X-MAP:URI="https:\/\/s3\.test\/replays\/init\.mp4\?X-Sig=1"$/m);
  assert.match(signed, /^https:\/\/s3\.test\/replays\/seg_00001\.m4s\?X-Sig=1$/m);
  assert.ok(!/^seg_/m.test(signed));
  assert.ok(isCompleteVod(signed));
  assert.throws(() => rewritePlaylist(VOD, new Map()), /No URL for "init.mp4"/);
});

Deno.test("signed segment URLs outlast a viewing, within S3's 7 days", () => {
  assert.equal(segmentUrlTtlSec(3_600_000), 4 * 3600 + 7200);
  assert.equal(segmentUrlTtlSec(10 * 86_400_000), 604_800);
});

Deno.test("a live stream gets its first thumbnail at once, then one every 30 s", () => {
  assert.ok(thumbnailDue(null, T0));
  assert.equal(thumbnailDue(at(0), at(29)), false);
  assert.ok(thumbnailDue(at(0), at(30)));
});

Deno.test("listings show the replay's poster once ready, else the last thumbnail", () => {
  assert.equal(listingImage({ thumbnailTakenAt: null, replay: null }), null);
  assert.deepEqual(listingImage({ thumbnailTakenAt: at(10), replay: null }), {
    kind: "thumbnail",
    version: at(10).getTime(),
  });
  const pending = { status: "pending" as const, posterKey: null, readyAt: null };
  assert.equal(listingImage({ thumbnailTakenAt: at(10), replay: pending })?.kind, "thumbnail");
  const ready = { status: "ready" as const, posterKey: "replays/x/poster.jpg", readyAt: at(99) };
  assert.deepEqual(listingImage({ thumbnailTakenAt: at(10), replay: ready }), {
    kind: "poster",
    version: at(99).getTime(),
  });
});
