import { Head, type RouteConfig } from "@marquee/fresh";
import StudioStreams from "../../islands/StudioStreams.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** A creator's live streams and the form to schedule one; the island loads them. */
export default function StudioPage() {
  return (
    <>
      <Head>
        <title>Studio · Marquee</title>
      </Head>
      <h1>Studio</h1>
      <StudioStreams />
    </>
  );
}
