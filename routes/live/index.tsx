import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import type { ListedStream } from "../../islands/_lib/live_stream.ts";
import { listStreams, STREAMING_MISSING } from "../(_lib)/live.ts";
import { StreamGrid } from "./(_components)/StreamCard.tsx";

/**
 * Not kept by shared caches: a stream that goes live must show at once, and the lists behind
 * the page are cheap reads.
 */
export const config: RouteConfig = { cache: "private" };

interface LiveData {
  live: ListedStream[];
  upcoming: ListedStream[];
  available: boolean;
}

/** Handlers of `/live`. */
export const handler = {
  async GET(ctx: RouteContext<LiveData>) {
    const [live, upcoming] = await Promise.all([
      listStreams(ctx.api, "live"),
      listStreams(ctx.api, "upcoming", 12),
    ]);
    return ctx.render({ live, upcoming, available: Boolean(ctx.api.streaming) });
  },
};

/** Streams on air now and those coming up. */
export default function LivePage({ data }: PageProps<LiveData>) {
  return (
    <>
      <Head>
        <title>Live · Marquee</title>
        <meta name="description" content="Creators streaming live now, and what is coming up." />
      </Head>
      <header class="page-header">
        <p class="eyebrow">Live</p>
        <h1>Watch creators live</h1>
        {data.available ? null : <p class="notice">{STREAMING_MISSING}</p>}
      </header>
      <section aria-labelledby="live-now-title">
        <h2 id="live-now-title">Live now</h2>
        <StreamGrid
          streams={data.live}
          eager={2}
          empty="No one is live right now. Upcoming streams are below."
        />
      </section>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">Upcoming</h2>
        <StreamGrid streams={data.upcoming} empty="No streams are scheduled yet." />
      </section>
    </>
  );
}
