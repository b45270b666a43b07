import { Head } from "@marquee/fresh";

/** The page shown when rendering failed; it never shows the error itself. */
export default function ServerError() {
  return (
    <>
      <Head>
        <title>Something went wrong · Marquee</title>
      </Head>
      <section class="message-page">
        <h1>Something went wrong</h1>
        <p>We could not load this page. Please try again in a moment.</p>
        <p>
          <a class="button" href="/">Go to the home page</a>
        </p>
      </section>
    </>
  );
}
