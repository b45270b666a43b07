import { Head, type PageProps, type RouteConfig } from "@marquee/fresh";
import StudioControlRoom from "../../islands/StudioControlRoom.tsx";
import StudioIngest from "../../islands/StudioIngest.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** A stream's control room: preview, go live, health, and the settings for OBS. */
export default function ControlRoomPage({ params }: PageProps) {
  return (
    <>
      <Head>
        <title>Control room · Marquee</title>
      </Head>
      <StudioControlRoom streamId={params.id!} />
      <StudioIngest streamId={params.id!} />
    </>
  );
}
