import { Head, type RouteConfig } from "@marquee/fresh";
import Library from "../islands/Library.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** What the signed-in user owns, loaded by the island. */
export default function LibraryPage() {
  return (
    <>
      <Head>
        <title>Your library · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <h1>Your library</h1>
      <Library />
    </>
  );
}
