import Countdown from "../../../islands/Countdown.tsx";
import { type ListedStream, streamHref, viewersText } from "../../../islands/_lib/live_stream.ts";
import { creatorHref } from "../../(_components)/ProductCard.tsx";

/**
 * A stream in a grid: its latest frame (a neutral placeholder until there is one), title
 * (the card's link), creator, and the viewers on air or a countdown when upcoming.
 */
export function StreamCard({ stream, eager = false }: { stream: ListedStream; eager?: boolean }) {
  const onAir = stream.status === "live" || stream.status === "reconnecting";
  return (
    <article class="card stream-card">
      <div class="card-cover stream-cover">
        {stream.thumbnailUrl
          ? (
            <img
              src={stream.thumbnailUrl}
              alt=""
              width={400}
              height={225}
              loading={eager ? "eager" : "lazy"}
              decoding="async"
            />
          )
          : <div class="stream-placeholder" aria-hidden="true"></div>}
        {onAir
          ? (
            <span class="live-badge stream-cover-badge">
              {stream.status === "reconnecting" ? "Reconnecting" : "Live"}
            </span>
          )
          : null}
      </div>
      <div class="card-body">
        <h3 class="card-title">
          <a class="card-link" href={streamHref(stream.id)}>{stream.title}</a>
        </h3>
        <p class="card-creator">
          with <a href={creatorHref(stream.creatorId)}>{stream.creatorName ?? "the creator"}</a>
        </p>
        <p class="card-meta">
          {onAir
            ? <span class="live-viewers">{viewersText(stream.viewers ?? 0)}</span>
            : <Countdown start={stream.scheduledStart} />}
          {stream.access.kind === "free" ? null : <span class="badge">Ticket</span>}
        </p>
      </div>
    </article>
  );
}

/** Streams as a responsive grid, or `empty` when there are none. */
export function StreamGrid(
  { streams, empty, eager = 0 }: { streams: ListedStream[]; empty: string; eager?: number },
) {
  if (streams.length === 0) return <p class="empty">{empty}</p>;
  return (
    <ul class="product-grid stream-grid" role="list">
      {streams.map((stream, i) => (
        <li key={stream.id}>
          <StreamCard stream={stream} eager={i < eager} />
        </li>
      ))}
    </ul>
  );
}
