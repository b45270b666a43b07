import { Head } from "@marquee/fresh";
import Welcome from "../../islands/Welcome.tsx";

/** Where a new creator lands after sign-up: their first product is the next step. */
export default function CreatorWelcomePage() {
  return (
    <>
      <Head>
        <title>Welcome · Marquee</title>
      </Head>
      <section class="message-page">
        <h1>Welcome to Marquee</h1>
        <Welcome here="/dashboard/welcome" />
      </section>
    </>
  );
}
