/**
 * Simulated LL-HLS viewers, each doing what hls.js does in low-latency mode: a blocking
 * playlist request for the next part (`_HLS_msn`, `_HLS_part`), then the part it announces,
 * then the next blocking request. A blocking answer waits for the part to exist, so what is
 * timed is how long after the part existed the answer came: the part's availability is the
 * earliest answer any client (a reference viewer straight on the media server included) got
 * for it, and a request sent after that is timed from when it was sent.
 * @module
 */

/** The newest part a media playlist lists, and the part to ask for next. */
export interface LastPart {
  /** The newest part's URI. */
  uri: string;
  /** Its segment's number and its index in the segment. */
  msn: number;
  part: number;
  /** What a blocking reload asks for: the next part of the same segment, or of the next. */
  next: { msn: number; part: number };
}

/** Reads the newest `#EXT-X-PART` of an LL-HLS media playlist; undefined when it has none. */
export function lastPart(playlist: string): LastPart | undefined {
  const lines = playlist.split("\n").map((line) => line.trim());
  const sequence = lines.find((line) => line.startsWith("#EXT-X-MEDIA-SEQUENCE:"));
  let msn = Number(sequence?.split(":")[1] ?? 0);
  let part = -1;
  let last: LastPart | undefined;
  for (const line of lines) {
    if (line.startsWith("#EXT-X-PART:")) {
      part++;
      const uri = /URI="([^"]+)"/.exec(line)?.[1];
      if (uri) last = { uri, msn, part, next: { msn, part: part + 1 } };
    } else if (line && !line.startsWith("#")) {
      // A full segment's URI closes it: after its last part comes part 0 of the next, as
      // hls.js asks (a part index past a closed segment's end may wait for the whole next one).
      if (last?.msn === msn) last.next = { msn: msn + 1, part: 0 };
      msn++;
      part = -1;
    }
  }
  return last;
}

/** The first media playlist a multivariant playlist names, as an absolute URL. */
export async function mediaPlaylistUrl(multivariant: string): Promise<string> {
  const res = await fetch(multivariant);
  const text = await res.text();
  if (!res.ok) throw new Error(`Playlist "${multivariant}" answered ${res.status}: ${text}`);
  const uri = text.split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("#"));
  if (!uri) throw new Error(`Playlist "${multivariant}" names no media playlist`);
  return new URL(uri, res.url).href;
}

/** One blocking playlist request. */
interface Answer {
  key: string;
  sentAt: number;
  answeredAt: number;
  counted: boolean;
}

/** What a crowd of simulated viewers saw. */
export interface CrowdResult {
  /** Playlist answer times after the part existed (ms), counted viewers only. */
  answers: number[];
  /** Part download times (ms), counted viewers only. */
  parts: number[];
  errors: number;
}

/** A crowd of simulated viewers sharing one record of when each part became available. */
export interface Crowd {
  /** Adds a viewer on `mediaUrl`; `counted` false for a reference viewer. */
  add(mediaUrl: string, counted: boolean): void;
  /** Starts a new measuring window (earlier answers are dropped). */
  reset(): void;
  /** The current window's figures. */
  result(): CrowdResult;
  stop(): Promise<void>;
}

/** Starts an empty crowd. */
export function startCrowd(options: { timeoutMs?: number } = {}): Crowd {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const available = new Map<string, number>();
  let answers: Answer[] = [];
  let parts: number[] = [];
  let errors = 0;
  let running = true;
  const loops: Promise<void>[] = [];

  const viewer = async (mediaUrl: string, counted: boolean) => {
    const url = new URL(mediaUrl);
    let next: { msn: number; part: number } | undefined;
    while (running) {
      try {
        if (next) {
          url.searchParams.set("_HLS_msn", String(next.msn));
          url.searchParams.set("_HLS_part", String(next.part));
        }
        const key = next ? `${next.msn}/${next.part}` : "";
        const sentAt = performance.now();
        const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        const text = await res.text();
        const answeredAt = performance.now();
        if (!res.ok) throw new Error(`Playlist answered ${res.status}`);
        if (key) {
          answers.push({ key, sentAt, answeredAt, counted });
          if (!(answeredAt >= (available.get(key) ?? Infinity))) available.set(key, answeredAt);
        }
        const last = lastPart(text);
        if (!last) throw new Error("Playlist without parts");
        const partStart = performance.now();
        const part = await fetch(new URL(last.uri, url), {
          signal: AbortSignal.timeout(timeoutMs),
        });
        await part.arrayBuffer();
        if (!part.ok) throw new Error(`Part answered ${part.status}`);
        if (counted && key) parts.push(performance.now() - partStart);
        next = last.next;
      } catch {
        if (!running) return;
        if (counted) errors++;
        next = undefined;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };

  return {
    add(mediaUrl, counted) {
      loops.push(viewer(mediaUrl, counted));
    },
    reset() {
      answers = [];
      parts = [];
      errors = 0;
    },
    result() {
      const counted = answers.filter((a) => a.counted);
      return {
        answers: counted.map((a) =>
          a.answeredAt - Math.max(a.sentAt, available.get(a.key) ?? a.sentAt)
        ),
        parts: [...parts],
        errors,
      };
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
