import { useEffect, useRef, useState } from "preact/hooks";
import Countdown from "./Countdown.tsx";
import { addToCart } from "./_lib/cart.ts";
import { formatPrice } from "./_lib/format.ts";
import { beatPresence, followStream } from "./_lib/live_events.ts";
import { type PlaybackOutcome, requestPlayback } from "./_lib/live_playback.ts";
import {
  type Player,
  type PlayerMode,
  playHls,
  playWhep,
  webRtcAvailable,
} from "./_lib/live_players.ts";
import {
  type ListedStream,
  onAir,
  streamHref,
  type StreamProduct,
  type StreamStatus,
  viewersText,
} from "./_lib/live_stream.ts";
import { authPagePath } from "./_lib/next_path.ts";

/** Props of {@linkcode LivePlayer}. */
export interface LivePlayerProps {
  stream: ListedStream;
  /** The ticket or product that opens the stream, when it needs one. */
  product: StreamProduct | null;
}

/** What the player area shows. */
type Phase =
  | { kind: "waiting" }
  | { kind: "connecting" }
  | { kind: "playing"; mode: PlayerMode | "replay" }
  | { kind: "gate"; outcome: Extract<PlaybackOutcome, { kind: "sign_in" | "buy" }> }
  | { kind: "failed"; message: string };

const MODE_LABELS: Record<PlayerMode, string> = {
  webrtc: "Real-time",
  hls: "Low latency",
};

/** How often the stream is read again when no live updates arrive. */
const STATUS_POLL_MS = 15_000;

/**
 * The stream page's player: asks for playback, plays WebRTC (WHEP) first and LL-HLS when
 * WebRTC is missing or fails, lets the viewer pick the latency mode, shows the quality, the
 * status and the live viewer count, and for a ticketed stream without access offers sign-in
 * or the ticket through the cart and checkout, playing once access is there (on return to
 * the page or its tab, or a short while after payment).
 */
export default function LivePlayer({ stream, product }: LivePlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const player = useRef<Player | null>(null);
  /** The presence token of the live being played. */
  const presence = useRef<string | null>(null);
  const [status, setStatus] = useState<StreamStatus>(stream.status);
  const [viewers, setViewers] = useState<number | null>(stream.viewers ?? null);
  const [replayReady, setReplayReady] = useState(stream.replay?.status === "ready");
  const [phase, setPhase] = useState<Phase>({ kind: "waiting" });
  const [preferred, setPreferred] = useState<PlayerMode>("webrtc");
  const [note, setNote] = useState<string | null>(null);
  const [quality, setQuality] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const attempt = useRef(0);
  const id = stream.id;

  const stopPlayer = () => {
    player.current?.stop();
    player.current = null;
    setQuality(null);
  };

  /** Asks for playback and starts the player in `mode`, falling back to LL-HLS. */
  const start = async (mode: PlayerMode) => {
    const mine = ++attempt.current;
    const current = () => mine === attempt.current;
    setPhase({ kind: "connecting" });
    const outcome = await requestPlayback(id);
    if (!current()) return;
    switch (outcome.kind) {
      case "sign_in":
      case "buy":
        return setPhase({ kind: "gate", outcome });
      case "over":
      case "missing":
        return setStatus("ended");
      case "retry":
        setPhase({ kind: "failed", message: `${outcome.message}. Trying again…` });
        setTimeout(() => current() && void start(mode), outcome.afterSec * 1000);
        return;
      case "replay":
        stopPlayer();
        try {
          player.current = await playHls(video.current!, outcome.replayUrl, { onLost: () => {} });
          if (current()) setPhase({ kind: "playing", mode: "replay" });
        } catch {
          if (current()) setPhase({ kind: "failed", message: "The replay could not be played" });
        }
        return;
      case "play":
        break;
      default: {
        const never: never = outcome;
        throw new Error(`Unknown outcome ${JSON.stringify(never)}`);
      }
    }
    stopPlayer();
    presence.current = outcome.urls.presenceToken;
    const events = { onLost: () => current() && lost() };
    if (mode === "webrtc" && webRtcAvailable()) {
      try {
        const running = await playWhep(video.current!, outcome.urls.whepUrl, events);
        if (!current()) return running.stop();
        player.current = running;
        setNote(null);
        return setPhase({ kind: "playing", mode: "webrtc" });
      } catch {
        if (!current()) return;
        setNote("Real-time playback is not available here, so the stream plays with low latency.");
      }
    } else if (mode === "webrtc") {
      setNote("This browser cannot play in real time, so the stream plays with low latency.");
    }
    try {
      const running = await playHls(video.current!, outcome.urls.hlsUrl, events);
      if (!current()) return running.stop();
      player.current = running;
      setPhase({ kind: "playing", mode: "hls" });
    } catch {
      if (!current()) return;
      setPhase({ kind: "failed", message: "The stream could not be played. Trying again…" });
      setTimeout(() => current() && void start(mode), 5_000);
    }
  };

  /** The player lost the stream: start again shortly (with a fresh token). */
  const lost = () => {
    stopPlayer();
    setPhase({ kind: "connecting" });
    setTimeout(() => void start(preferred), 2_000);
  };

  // Live updates, and a slow read of the stream as a fallback where they are not served.
  useEffect(() => {
    const stop = followStream(id, {
      onStatus: setStatus,
      onViewers: (count) => setViewers(count),
    });
    const poll = setInterval(async () => {
      try {
        const res = await fetch(`/api/streams/${encodeURIComponent(id)}`);
        if (!res.ok) return void await res.body?.cancel();
        const fresh = await res.json() as ListedStream;
        setStatus(fresh.status);
        if (typeof fresh.viewers === "number") setViewers(fresh.viewers);
        setReplayReady(fresh.replay?.status === "ready");
      } catch { /* the next poll tries again */ }
    }, STATUS_POLL_MS);
    return () => {
      stop();
      clearInterval(poll);
      attempt.current++;
      stopPlayer();
    };
  }, []);

  // Start on air; stop when the stream ends (its replay plays on request).
  useEffect(() => {
    if (onAir(status) && phase.kind === "waiting") void start(preferred);
    if (status === "ended" || status === "cancelled") {
      attempt.current++;
      stopPlayer();
      if (phase.kind !== "playing" || phase.mode !== "replay") setPhase({ kind: "waiting" });
    }
  }, [status]);

  // Without access: try again when the viewer comes back (signed in or paid in another tab,
  // or back from checkout), and now and then while the page stays open.
  useEffect(() => {
    if (phase.kind !== "gate") return;
    const retry = () => document.visibilityState === "visible" && void start(preferred);
    const timer = setInterval(retry, phase.outcome.kind === "buy" ? 5_000 : 30_000);
    addEventListener("focus", retry);
    addEventListener("pageshow", retry);
    document.addEventListener("visibilitychange", retry);
    return () => {
      clearInterval(timer);
      removeEventListener("focus", retry);
      removeEventListener("pageshow", retry);
      document.removeEventListener("visibilitychange", retry);
    };
  }, [phase.kind]);

  // Presence while playing the live: the viewer counts.
  const playingLive = phase.kind === "playing" && phase.mode !== "replay";
  useEffect(() => {
    const token = presence.current;
    if (!playingLive || !token) return;
    return beatPresence(id, token);
  }, [playingLive]);

  const choose = (mode: PlayerMode) => {
    if (mode === preferred) return;
    setPreferred(mode);
    setNote(null);
    if (onAir(status)) void start(mode);
  };

  const buy = async (productId: string) => {
    setBusy(true);
    const added = await addToCart(productId);
    if (!added.ok) {
      setBusy(false);
      return setPhase({ kind: "failed", message: added.problem.message });
    }
    location.assign(`/checkout?next=${encodeURIComponent(streamHref(id))}`);
  };

  const live = onAir(status);
  const over = status === "ended" || status === "cancelled";
  return (
    <section
      class="live-player"
      aria-label="Player"
      data-playing={phase.kind === "playing" ? phase.mode : undefined}
    >
      <div class="live-stage">
        <video
          ref={video}
          class="live-video"
          playsInline
          muted
          autoPlay
          controls={phase.kind === "playing"}
          aria-label={`Video of ${stream.title}`}
          onResize={(e) => {
            const v = e.currentTarget;
            if (v.videoWidth) setQuality(`${v.videoWidth}×${v.videoHeight}`);
          }}
        />
        {phase.kind === "playing" ? null : (
          <div class="live-overlay">
            {overlay({
              status,
              replayReady,
              phase,
              stream,
              product,
              busy,
              buy,
              replay: () => void start(preferred),
            })}
          </div>
        )}
      </div>
      <div class="live-bar">
        <p class="live-state" role="status">
          {status === "live"
            ? <span class="live-badge">Live</span>
            : status === "reconnecting"
            ? <span class="live-badge reconnecting">Reconnecting</span>
            : status === "scheduled"
            ? <span class="badge">Upcoming</span>
            : <span class="badge">{status === "cancelled" ? "Cancelled" : "Ended"}</span>}
          {live && viewers !== null
            ? <span class="live-viewers">{viewersText(viewers)}</span>
            : null}
          {quality && playingLive ? <span class="live-quality">{quality}</span> : null}
        </p>
        {over ? null : (
          <fieldset class="live-modes">
            <legend class="visually-hidden">Latency</legend>
            {(["webrtc", "hls"] as const).map((mode) => (
              <label key={mode} class="live-mode">
                <input
                  type="radio"
                  name={`latency-${id}`}
                  value={mode}
                  checked={preferred === mode}
                  onChange={() => choose(mode)}
                />
                {MODE_LABELS[mode]}
              </label>
            ))}
          </fieldset>
        )}
      </div>
      {note ? <p class="live-note">{note}</p> : null}
    </section>
  );
}

interface OverlayProps {
  status: StreamStatus;
  replayReady: boolean;
  phase: Phase;
  stream: ListedStream;
  product: StreamProduct | null;
  busy: boolean;
  buy(productId: string): void;
  replay(): void;
}

/** What covers the video while it does not play. */
function overlay({ status, replayReady, phase, stream, product, busy, buy, replay }: OverlayProps) {
  if (phase.kind === "gate") {
    const productId = phase.outcome.productId ?? product?.id ?? null;
    if (phase.outcome.kind === "sign_in") {
      return (
        <>
          <p class="live-overlay-title">This stream needs a ticket</p>
          <a class="button" href={authPagePath("/signin", streamHref(stream.id))}>
            Sign in to watch
          </a>
        </>
      );
    }
    const what = stream.access.kind === "owners" ? "Buy" : "Buy a ticket";
    return (
      <>
        <p class="live-overlay-title">
          {stream.access.kind === "owners" ? "For owners of the product" : "Ticketed stream"}
        </p>
        {productId
          ? (
            <button class="button" type="button" disabled={busy} onClick={() => buy(productId)}>
              {product ? `${what} · ${formatPrice(product.price)}` : what}
            </button>
          )
          : null}
        {product ? <p class="live-overlay-text">{product.title}</p> : null}
      </>
    );
  }
  if (status === "scheduled") {
    return (
      <>
        <p class="live-overlay-title">Starts in</p>
        <Countdown start={stream.scheduledStart} />
      </>
    );
  }
  if (status === "ended" || status === "cancelled") {
    if (status === "ended" && replayReady) {
      return (
        <>
          <p class="live-overlay-title">This stream has ended</p>
          <button class="button" type="button" onClick={replay}>Replay</button>
        </>
      );
    }
    return (
      <p class="live-overlay-title">
        {status === "cancelled" ? "This stream was cancelled" : "This stream has ended"}
      </p>
    );
  }
  if (phase.kind === "failed") return <p class="live-overlay-title">{phase.message}</p>;
  return (
    <p class="live-overlay-title">
      {status === "reconnecting" ? "Reconnecting…" : "Connecting…"}
    </p>
  );
}
