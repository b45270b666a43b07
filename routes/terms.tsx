import { Head, type RouteConfig } from "@marquee/fresh";

/** The same for everyone: shared caches may keep it. */
export const config: RouteConfig = { cache: "public" };

/** The terms of using Marquee, for buyers and creators, in plain words. */
export default function TermsPage() {
  return (
    <article class="prose">
      <Head>
        <title>Terms of service · Marquee</title>
        <meta name="description" content="The terms of buying and selling on Marquee." />
      </Head>
      <h1>Terms of service</h1>
      <p>
        These terms apply when you use Marquee to buy or sell digital products and live events. By
        creating an account you agree to them.
      </p>

      <h2>Your account</h2>
      <p>
        Give a real email address and keep your password to yourself. You are responsible for what
        is done with your account. We may suspend accounts that break these terms.
      </p>

      <h2>Buying</h2>
      <p>
        When you buy a product you get a personal licence to use it as the creator describes on the
        product page. Unless the creator says otherwise you may not resell or share files or licence
        keys. Prices are shown with their currency before you pay, and the amount on the checkout
        page is the amount charged.
      </p>

      <h2>Refunds</h2>
      <p>
        An order may be refunded when a product is broken, not as described or was never delivered.
        A refund returns the money to the card you paid with and removes the product from your
        library. See <a href="/help#refunds">Help</a> for how it works.
      </p>

      <h2>Selling</h2>
      <p>
        Creators must own, or have the right to sell, everything they publish, and describe it
        honestly. Illegal, harmful or infringing content is not allowed and is taken down. Creators
        are paid what buyers pay for their products, less any refunds.
      </p>

      <h2>Live events</h2>
      <p>
        A ticket admits its buyer to the event it is for, at the time shown on the product page.
        Creators run their own events and are responsible for holding them as described.
      </p>

      <h2>Changes to these terms</h2>
      <p>
        We may update these terms. When we make an important change we say so on this page before it
        takes effect.
      </p>
    </article>
  );
}
