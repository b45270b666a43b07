/**
 * Reads V8's GC trace (`--trace-gc-nvp`): one JSON object per collection, after `GC: `.
 * @module
 */

/** One collection: its kind, main-thread pause and what it moved to the old generation. */
export interface GcEvent {
  /** "s" scavenge, "mc" full mark-compact, others as V8 names them. */
  kind: string;
  /** When it ran, in milliseconds since the isolate started. */
  atMs: number;
  pauseMs: number;
  promotedBytes: number;
}

/** Every collection traced in `text`; other lines are skipped. */
export function parseGcTrace(text: string): GcEvent[] {
  const events: GcEvent[] = [];
  for (const line of text.split("\n")) {
    const match = /(\d+) ms: GC: (\{.*)$/.exec(line);
    if (!match) continue;
    try {
      const fields = JSON.parse(match[2]!);
      events.push({
        kind: String(fields.gc),
        atMs: Number(match[1]),
        pauseMs: Number(fields.pause),
        promotedBytes: Number(fields.promoted ?? 0),
      });
    } catch {
      // A line cut short by a write from another thread: not a figure.
    }
  }
  return events;
}

/** What a run's collections came to. */
export interface GcSummary {
  scavenges: number;
  fullCollections: number;
  /** Main-thread pause over all collections. */
  pauseMs: number;
  /** Main-thread pause over the scavenges alone. */
  scavengePauseMs: number;
  maxPauseMs: number;
  promotedBytes: number;
}

/** Totals of `events`. */
export function summarizeGc(events: readonly GcEvent[]): GcSummary {
  return {
    scavenges: events.filter((e) => e.kind === "s").length,
    fullCollections: events.filter((e) => e.kind === "mc").length,
    pauseMs: events.reduce((sum, e) => sum + e.pauseMs, 0),
    scavengePauseMs: events.reduce((sum, e) => sum + (e.kind === "s" ? e.pauseMs : 0), 0),
    maxPauseMs: events.reduce((max, e) => Math.max(max, e.pauseMs), 0),
    promotedBytes: events.reduce((sum, e) => sum + e.promotedBytes, 0),
  };
}
