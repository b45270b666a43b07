import { Head } from "@marquee/fresh";

/** The page of an unknown address or a product that is not (or no longer) on sale. */
export default function NotFound() {
  return (
    <>
      <Head>
        <title>Not found · Marquee</title>
      </Head>
      <section class="message-page">
        <h1>We could not find that page</h1>
        <p>It may have moved, or the product is no longer on sale.</p>
        <p>
          <a class="button" href="/products">Browse products</a>
        </p>
      </section>
    </>
  );
}
