import { Head, type RouteConfig } from "@marquee/fresh";
import AccountProfile from "../islands/AccountProfile.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** The signed-in user's profile; the island loads and saves it. */
export default function AccountPage() {
  return (
    <>
      <Head>
        <title>Your account · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <h1>Your account</h1>
      <AccountProfile />
    </>
  );
}
