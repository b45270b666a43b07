/**
 * Asking the streaming service whether, and where, the viewer may play a stream
 * (`POST /api/streams/{id}/playback`), and what each answer means for the page.
 * @module
 */
import { authFetch } from "./session.ts";

/** Where the player connects: paths on this origin carrying a short-lived token. */
export interface PlaybackUrls {
  whepUrl: string;
  hlsUrl: string;
  expiresAt: string;
  /** What the page beats presence with while it plays (only viewers let in are counted). */
  presenceToken: string | null;
}

/** What the page does with a playback answer. */
export type PlaybackOutcome =
  | { kind: "play"; urls: PlaybackUrls }
  /** The live is over and its recording plays (a VOD playlist on this origin). */
  | { kind: "replay"; replayUrl: string }
  /** Signed out, and the stream needs a ticket or a product. */
  | { kind: "sign_in"; productId: string | null }
  /** Signed in without the ticket or product. */
  | { kind: "buy"; productId: string | null }
  /** The stream is over (or was cancelled). */
  | { kind: "over" }
  | { kind: "missing" }
  /** Nothing the viewer can do now but try again. */
  | { kind: "retry"; message: string; afterSec: number };

interface Body {
  whepUrl?: unknown;
  hlsUrl?: unknown;
  expiresAt?: unknown;
  replayUrl?: unknown;
  presenceToken?: unknown;
  productId?: unknown;
  detail?: unknown;
}

/** The outcome of an answer with `status` and parsed JSON `body`. */
export function playbackOutcome(status: number, body: Body, retryAfter: string | null = null) {
  const productId = typeof body.productId === "string" ? body.productId : null;
  const outcome: PlaybackOutcome = (() => {
    if (status === 200 && typeof body.whepUrl === "string" && typeof body.hlsUrl === "string") {
      return {
        kind: "play",
        urls: {
          whepUrl: body.whepUrl,
          hlsUrl: body.hlsUrl,
          expiresAt: String(body.expiresAt),
          presenceToken: typeof body.presenceToken === "string" ? body.presenceToken : null,
        },
      };
    }
    if (status === 200 && typeof body.replayUrl === "string") {
      return { kind: "replay", replayUrl: body.replayUrl };
    }
    if (status === 401) return { kind: "sign_in", productId };
    if (status === 403) return { kind: "buy", productId };
    if (status === 410) return { kind: "over" };
    if (status === 404) return { kind: "missing" };
    const wait = Number(retryAfter);
    return {
      kind: "retry",
      message: typeof body.detail === "string" ? body.detail : "The stream cannot be opened now",
      afterSec: Number.isFinite(wait) && wait > 0 ? wait : 5,
    };
  })();
  return outcome;
}

/** Asks for a playback token for stream `id`, as the signed-in viewer when there is one. */
export async function requestPlayback(id: string): Promise<PlaybackOutcome> {
  try {
    const res = await authFetch(`/api/streams/${encodeURIComponent(id)}/playback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const body = await res.json().catch(() => ({})) as Body;
    return playbackOutcome(res.status, body, res.headers.get("retry-after"));
  } catch {
    return { kind: "retry", message: "The connection was lost", afterSec: 3 };
  }
}
