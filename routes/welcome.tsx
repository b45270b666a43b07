import { Head, type RouteConfig } from "@marquee/fresh";
import Welcome from "../islands/Welcome.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** Where a new account lands when sign-up had nowhere else to go: what to do first. */
export default function WelcomePage() {
  return (
    <>
      <Head>
        <title>Welcome · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <section class="message-page">
        <h1>Welcome to Marquee</h1>
        <Welcome here="/welcome" />
      </section>
    </>
  );
}
