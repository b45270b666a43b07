/// <reference lib="dom" />
/**
 * The two ways a viewer's browser plays a stream: WebRTC over WHEP (whip-whep's client),
 * sub-second, and LL-HLS with hls.js in low-latency mode, a couple of seconds behind but
 * working wherever video does. Browser-only.
 * @module
 */
import type HlsType from "hls.js";
import { WHEPClient } from "whip-whep/whep.js";

/** Which player runs. */
export type PlayerMode = "webrtc" | "hls";

/** A running player. */
export interface Player {
  mode: PlayerMode;
  /** Stops the player and frees its connection. */
  stop(): void;
}

/** What a player tells the page while it runs. */
export interface PlayerEvents {
  /** The connection or the stream was lost after playback began. */
  onLost(): void;
}

/** How long WebRTC may take to connect before the page falls back to LL-HLS. */
const CONNECT_TIMEOUT_MS = 8_000;

/** Whether this browser can play WebRTC at all. */
export function webRtcAvailable(): boolean {
  return typeof (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection === "function";
}

/** Resolves once `pc` is connected; rejects when it fails or takes too long. */
function connected(pc: RTCPeerConnection, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error("WebRTC did not connect in time")), ms);
    const check = () => {
      if (pc.connectionState === "connected") done();
      else if (pc.connectionState === "failed" || pc.connectionState === "closed") {
        done(new Error(`WebRTC connection ${pc.connectionState}`));
      }
    };
    const done = (error?: Error) => {
      clearTimeout(timer);
      pc.removeEventListener("connectionstatechange", check);
      if (error) reject(error);
      else resolve();
    };
    pc.addEventListener("connectionstatechange", check);
    check();
  });
}

/** Plays `whepUrl` (a path on this origin) in `video` over WebRTC. */
export async function playWhep(
  video: HTMLVideoElement,
  whepUrl: string,
  events: PlayerEvents,
): Promise<Player> {
  const pc = new RTCPeerConnection();
  pc.addTransceiver("video", { direction: "recvonly" });
  pc.addTransceiver("audio", { direction: "recvonly" });
  const media = new MediaStream();
  pc.addEventListener("track", (event) => {
    media.addTrack(event.track);
    video.srcObject = media;
  });
  const client = new WHEPClient();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    // Ends the session at the media server (DELETE on the session's URL).
    client.stop().catch(() => {});
    pc.close();
    if (video.srcObject === media) video.srcObject = null;
  };
  try {
    // The session URL comes back relative to the request: the client needs an absolute one.
    await client.view(pc, new URL(whepUrl, location.href).href);
    await connected(pc, CONNECT_TIMEOUT_MS);
  } catch (error) {
    stop();
    throw error;
  }
  pc.addEventListener("connectionstatechange", () => {
    if (!stopped && (pc.connectionState === "failed" || pc.connectionState === "disconnected")) {
      events.onLost();
    }
  });
  await video.play().catch(() => {});
  return { mode: "webrtc", stop };
}

/** Plays `hlsUrl` (a path on this origin) in `video` with hls.js in low-latency mode. */
export async function playHls(
  video: HTMLVideoElement,
  hlsUrl: string,
  events: PlayerEvents,
): Promise<Player> {
  // hls.js is fetched only by a page that plays LL-HLS or a replay, not by every stream page.
  const Hls: typeof HlsType = (await import("hls.js")).default;
  if (!Hls.isSupported()) {
    // Safari plays HLS itself.
    if (!video.canPlayType("application/vnd.apple.mpegurl")) {
      throw new Error("This browser cannot play the stream");
    }
    video.src = hlsUrl;
    await video.play().catch(() => {});
    return {
      mode: "hls",
      stop: () => {
        video.removeAttribute("src");
        video.load();
      },
    };
  }
  const hls = new Hls({ lowLatencyMode: true, backBufferLength: 30 });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("LL-HLS did not start in time")), 20_000);
    hls.once(Hls.Events.MANIFEST_PARSED, () => {
      clearTimeout(timer);
      resolve();
    });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      clearTimeout(timer);
      reject(new Error(data.details));
      events.onLost();
    });
    hls.loadSource(hlsUrl);
    hls.attachMedia(video);
  }).catch((error) => {
    hls.destroy();
    throw error;
  });
  await video.play().catch(() => {});
  return { mode: "hls", stop: () => hls.destroy() };
}
