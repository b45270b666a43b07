/**
 * Counting a stream's viewers. Two sources see them: the stream page's presence beats (every
 * 15 s while a player plays, counted for 40 s) and the media server's readers. MediaMTX keeps
 * one reader per WebRTC session (and per RTMP or SRT reader), but all LL-HLS viewers of a
 * path share one muxer, so HLS viewers are not individual there. Every page player beats, so
 * presence sees page viewers of both kinds; readers see players outside our pages (an app,
 * ffplay). The two overlap, so they are not added: viewers now are the larger of the two.
 * The peak is the highest count reached; the total, the distinct viewers ever present (at
 * least the peak, for viewers only the media server saw). Pure.
 * @module
 */

/** How long a viewer counts after its last beat. */
export const PRESENCE_TTL_MS = 40_000;

/** A stream's counts. */
export interface ViewerCounts {
  viewers: number;
  peakViewers: number;
  totalViewers: number;
}

/** No one yet. */
export const NO_VIEWERS: ViewerCounts = { viewers: 0, peakViewers: 0, totalViewers: 0 };

/** A reader of a path on the media server, as its API lists it. */
export interface MediaReader {
  type: string;
}

/** Readers that are one viewer each (an HLS muxer stands for any number of them). */
export function individualReaders(readers: readonly MediaReader[]): number {
  return readers.filter((r) => r.type !== "hlsMuxer").length;
}

/** What a count is made from. */
export interface ViewerSample {
  /** Distinct viewers whose last beat is under {@linkcode PRESENCE_TTL_MS} old. */
  present: number;
  /** Individual readers on the media server at its last look. */
  readers: number;
  /** Distinct viewers who ever beat. */
  distinct: number;
  /** Whether the stream is being watched at all (live or reconnecting). */
  onAir: boolean;
}

/** The counts after a sample. */
export function nextCounts(previous: ViewerCounts, sample: ViewerSample): ViewerCounts {
  const viewers = sample.onAir ? Math.max(sample.present, sample.readers) : 0;
  const peakViewers = Math.max(previous.peakViewers, viewers);
  return {
    viewers,
    peakViewers,
    totalViewers: Math.max(previous.totalViewers, sample.distinct, peakViewers),
  };
}

/** Whether what a page shows (viewers now and the peak) differs between two counts. */
export const countsChanged = (a: ViewerCounts, b: ViewerCounts) =>
  a.viewers !== b.viewers || a.peakViewers !== b.peakViewers || a.totalViewers !== b.totalViewers;
