import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import FollowButton from "../../islands/FollowButton.tsx";
import LivePlayer from "../../islands/LivePlayer.tsx";
import LocalTime from "../../islands/LocalTime.tsx";
import type { ListedStream, StreamProduct } from "../../islands/_lib/live_stream.ts";
import { findStream, streamProduct } from "../(_lib)/live.ts";
import { creatorHref } from "../(_components)/ProductCard.tsx";

/** Not kept by shared caches: the status and viewers shown first must be current. */
export const config: RouteConfig = { cache: "private" };

interface StreamPageData {
  stream: ListedStream;
  product: StreamProduct | null;
}

/** Handlers of `/live/:id`. */
export const handler = {
  async GET(ctx: RouteContext<StreamPageData>) {
    const stream = await findStream(ctx.api, ctx.params.id!);
    if (!stream) return ctx.renderNotFound();
    const product = await streamProduct(ctx.api.catalog, stream);
    return ctx.render({ stream, product });
  },
};

/** A stream: the player, what it is and who streams it, and the chat's place beside it. */
export default function StreamPage({ data }: PageProps<StreamPageData>) {
  const { stream, product } = data;
  return (
    <>
      <Head>
        <title>{`${stream.title} · Live · Marquee`}</title>
        <meta name="description" content={stream.description.slice(0, 160) || stream.title} />
      </Head>
      <div class="live-layout">
        <div class="live-main">
          <LivePlayer stream={stream} product={product} />
          <header class="live-heading">
            <h1>{stream.title}</h1>
            <p class="card-creator">
              with <a href={creatorHref(stream.creatorId)}>{stream.creatorName ?? "the creator"}</a>
              {" · "}
              <LocalTime iso={stream.scheduledStart} timeZone="UTC" />
            </p>
            <FollowButton
              creatorId={stream.creatorId}
              creatorName={stream.creatorName ?? "the creator"}
              next={`/live/${stream.id}`}
            />
          </header>
          {stream.description ? <p class="live-description">{stream.description}</p> : null}
        </div>
        {/* The chat panel mounts here. */}
        <aside id="chat" class="live-chat" aria-label="Chat">
          <h2 class="live-chat-title">Chat</h2>
          <p class="empty">Chat opens with the stream</p>
        </aside>
      </div>
    </>
  );
}
