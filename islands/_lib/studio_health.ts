/**
 * A publishing connection's health from two `getStats()` readings: the outgoing video's
 * bitrate and frame rate over the time between them. Browser-safe.
 * @module
 */

/** What one reading holds of the outgoing video (an `outbound-rtp` report of kind video). */
export interface OutboundSample {
  /** Milliseconds, as the report's `timestamp`. */
  timestamp: number;
  bytesSent: number;
  framesSent: number;
  /** The encoder's own frame rate, when the browser reports it. */
  framesPerSecond?: number;
}

/** Bitrate in kbit/s and frames per second between two readings. */
export interface Health {
  kbps: number;
  fps: number;
}

/** The outgoing video's reading in a stats report; undefined before it sends. */
export function outboundVideo(
  reports: Iterable<Record<string, unknown>>,
): OutboundSample | undefined {
  for (const r of reports) {
    if (r.type !== "outbound-rtp" || r.kind !== "video") continue;
    return {
      timestamp: Number(r.timestamp),
      bytesSent: Number(r.bytesSent ?? 0),
      framesSent: Number(r.framesSent ?? 0),
      ...(typeof r.framesPerSecond === "number" ? { framesPerSecond: r.framesPerSecond } : {}),
    };
  }
  return undefined;
}

/** The health between `before` and `after`; undefined when no time passed between them. */
export function healthBetween(before: OutboundSample, after: OutboundSample): Health | undefined {
  const seconds = (after.timestamp - before.timestamp) / 1000;
  if (!(seconds > 0)) return undefined;
  const kbps = Math.max(0, after.bytesSent - before.bytesSent) * 8 / 1000 / seconds;
  const fps = after.framesPerSecond ??
    Math.max(0, after.framesSent - before.framesSent) / seconds;
  return { kbps: Math.round(kbps), fps: Math.round(fps) };
}

/** "2.4 Mbit/s" or "850 kbit/s". */
export function formatBitrate(kbps: number): string {
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbit/s` : `${kbps} kbit/s`;
}
