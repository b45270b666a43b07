/**
 * A live stream's health as the studio shows it, read from the media server's view of the
 * path: who publishes over what, the ingest bitrate, the tracks and the readers. MediaMTX
 * gives a running byte count, so the bitrate is the change between two looks; the first look
 * at a path falls back to the average since it became ready. Pure: samples come in.
 * @module
 */

/** How publishers reach the media server, as the studio names them. */
export type IngestProtocol = "rtmp" | "srt" | "webrtc" | "rtsp" | "other";

/** The protocol of a path's source, from the media server's source type. */
export function ingestProtocol(sourceType: string): IngestProtocol {
  switch (sourceType) {
    case "rtmpConn":
    case "rtmpsConn":
      return "rtmp";
    case "srtConn":
      return "srt";
    case "webRTCSession":
      return "webrtc";
    case "rtspSession":
    case "rtspsSession":
      return "rtsp";
    default:
      return "other";
  }
}

/** The bytes a path had received at a moment. */
export interface ByteSample {
  bytes: number;
  atMs: number;
}

/** Looks closer together than this keep the previous rate (too little time to measure). */
export const MIN_SAMPLE_GAP_MS = 1_000;

/** The ingest rate after a new sample, and the sample to keep for the next look. */
export function ingestBitrate(
  previous: (ByteSample & { bitsPerSecond: number | null }) | undefined,
  current: ByteSample,
  readySinceMs: number | null,
): { bitsPerSecond: number | null; keep: ByteSample & { bitsPerSecond: number | null } } {
  const rate = (from: ByteSample) => {
    const seconds = (current.atMs - from.atMs) / 1000;
    return seconds > 0 ? Math.round(((current.bytes - from.bytes) * 8) / seconds) : null;
  };
  // A counter that went back belongs to a new publisher: measure from its start.
  if (previous && current.bytes >= previous.bytes) {
    if (current.atMs - previous.atMs < MIN_SAMPLE_GAP_MS) {
      return { bitsPerSecond: previous.bitsPerSecond, keep: previous };
    }
    const bitsPerSecond = rate(previous);
    return { bitsPerSecond, keep: { ...current, bitsPerSecond } };
  }
  const bitsPerSecond = readySinceMs === null ? null : rate({ bytes: 0, atMs: readySinceMs });
  return { bitsPerSecond, keep: { ...current, bitsPerSecond } };
}
