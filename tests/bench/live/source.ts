/**
 * The live benchmark's camera: raw gray frames, each stamped with its capture time
 * (`barcode.ts`), written at 30 fps into ffmpeg's stdin, encoded once with x264 tuned for zero
 * latency and sent both over RTMP to the media server and as classic HLS (1 s segments) into
 * a folder, the usual setup the bench compares against.
 * @module
 */
import { drawStamp } from "./barcode.ts";

export const WIDTH = 640;
export const HEIGHT = 360;
export const FPS = 30;

/** A running source. */
export interface StampedSource {
  /** Frames written so far. */
  frames(): number;
  stop(): Promise<void>;
}

/** Starts pushing stamped frames to `rtmpUrl` and writing classic HLS into `hlsDir`. */
export function startStampedSource(rtmpUrl: string, hlsDir: string): StampedSource {
  const ffmpeg = new Deno.Command("ffmpeg", {
    args: [
      ...["-hide_banner", "-loglevel", "error"],
      ...["-f", "rawvideo", "-pix_fmt", "gray", "-s", `${WIDTH}x${HEIGHT}`, "-r", String(FPS)],
      ...["-i", "-"],
      ...["-map", "0:v", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency"],
      ...["-profile:v", "baseline", "-pix_fmt", "yuv420p", "-g", String(FPS), "-bf", "0"],
      ...["-sc_threshold", "0", "-flags", "+global_header", "-f", "tee"],
      `[f=flv:onfail=abort]${rtmpUrl}|[f=hls:hls_time=1:hls_list_size=6:` +
      `hls_flags=delete_segments+independent_segments]${hlsDir}/index.m3u8`,
    ],
    stdin: "piped",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const writer = ffmpeg.stdin.getWriter();
  const frame = new Uint8Array(WIDTH * HEIGHT);
  let written = 0;
  let running = true;
  const loop = (async () => {
    const start = performance.now();
    while (running) {
      // Paced against the start, not the last frame, so a late frame does not shift the rest.
      const due = start + (written * 1000) / FPS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      drawStamp(frame, WIDTH, HEIGHT, Date.now());
      try {
        await writer.write(frame);
      } catch {
        return; // ffmpeg ended
      }
      written++;
    }
  })();
  return {
    frames: () => written,
    async stop() {
      running = false;
      await loop;
      await writer.close().catch(() => {});
      const late = setTimeout(() => {
        try {
          ffmpeg.kill("SIGKILL");
        } catch { /* already gone */ }
      }, 5_000);
      await ffmpeg.status;
      clearTimeout(late);
    },
  };
}
