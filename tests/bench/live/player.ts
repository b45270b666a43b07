/// <reference lib="dom" />
/**
 * The live benchmark's player page (bundled for the browser by `page.ts`): plays streams over
 * WHEP (`whip-whep`) or HLS (`hls.js`, low-latency mode or classic) and reads the capture time
 * stamped on every presented frame; it can also publish a stamped canvas over WHIP, as the
 * studio publishes a camera. Latency is the frame's expected display time on the
 * wall clock minus its stamp; the source runs on the same machine, so both read one clock.
 * @module
 */
import Hls from "hls.js";
import { WHEPClient } from "whip-whep/whep.js";
import { WHIPClient } from "whip-whep/whip.js";
import { COLUMNS, decodeStamp, encodeStamp, readStamp, ROWS } from "./barcode.ts";

/** How the page plays its stream. */
export type PlayerKind = "whep" | "ll-hls" | "hls";

/** One presented frame: when it showed (epoch ms) and how late it was (ms). */
export interface Sample {
  shownAt: number;
  latency: number;
}

/** What the bench reads back from the page. */
export interface PlayerState {
  samples: Sample[];
  unreadable: number;
  errors: string[];
}

declare global {
  var benchPlay: (name: string, kind: PlayerKind, url: string) => Promise<void>;
  var benchState: Record<string, PlayerState>;
  var benchPublish: (url: string) => Promise<void>;
}

// Small enough to read cheaply, large enough that each block keeps its centre.
const READ_WIDTH = 160;
const READ_HEIGHT = 90;

// Every path plays in one page: a browser throttles the rendering of tabs in the background.
globalThis.benchState = {};

/** Reads the stamp of every frame `video` presents, for as long as the page lives. */
function watchFrames(video: HTMLVideoElement, state: PlayerState) {
  const canvas = document.createElement("canvas");
  canvas.width = READ_WIDTH;
  canvas.height = READ_HEIGHT;
  const context = canvas.getContext("2d", { willReadFrequently: true })!;
  const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
    const shownAt = performance.timeOrigin + metadata.expectedDisplayTime;
    context.drawImage(video, 0, 0, READ_WIDTH, READ_HEIGHT);
    const { data } = context.getImageData(0, 0, READ_WIDTH, READ_HEIGHT);
    const stamp = decodeStamp(readStamp(data, READ_WIDTH, READ_HEIGHT), shownAt);
    if (stamp === undefined) state.unreadable++;
    else state.samples.push({ shownAt, latency: shownAt - stamp });
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}

/** WebRTC playback through a WHEP endpoint (the URL carries its token). */
async function playWhep(video: HTMLVideoElement, url: string) {
  const pc = new RTCPeerConnection();
  pc.addTransceiver("video", { direction: "recvonly" });
  pc.ontrack = (event) => {
    video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
  };
  await new WHEPClient().view(pc, url);
}

/** HLS playback with hls.js, in its low-latency mode (LL-HLS parts, blocking reloads) or not. */
function playHls(
  video: HTMLVideoElement,
  url: string,
  lowLatencyMode: boolean,
  state: PlayerState,
) {
  const hls = new Hls({ lowLatencyMode });
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (data.fatal) state.errors.push(`${data.type}: ${data.details}`);
  });
  hls.loadSource(url);
  hls.attachMedia(video);
}

globalThis.benchPlay = async (name, kind, url) => {
  const state: PlayerState = { samples: [], unreadable: 0, errors: [] };
  globalThis.benchState[name] = state;
  const video = document.createElement("video");
  Object.assign(video, { muted: true, autoplay: true, playsInline: true, width: 320 });
  document.body.append(video);
  watchFrames(video, state);
  try {
    if (kind === "whep") await playWhep(video, url);
    else playHls(video, url, kind === "ll-hls", state);
    await video.play().catch(() => {}); // autoplay starts it once media arrives
  } catch (error) {
    state.errors.push(String(error));
  }
};

globalThis.benchPublish = async (url) => {
  const canvas = document.createElement("canvas");
  canvas.width = 640;
  canvas.height = 360;
  const context = canvas.getContext("2d")!;
  const [bw, bh] = [canvas.width / COLUMNS, canvas.height / ROWS];
  const draw = () => {
    encodeStamp(Date.now()).forEach((white, i) => {
      context.fillStyle = white ? "#fff" : "#000";
      context.fillRect((i % COLUMNS) * bw, Math.floor(i / COLUMNS) * bh, bw, bh);
    });
  };
  draw();
  setInterval(draw, 1000 / 30);
  const stream = canvas.captureStream(30);
  const pc = new RTCPeerConnection();
  pc.addTransceiver(stream.getVideoTracks()[0]!, { direction: "sendonly", streams: [stream] });
  await new WHIPClient().publish(pc, url);
};
