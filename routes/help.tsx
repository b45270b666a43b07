import { Head, type RouteConfig } from "@marquee/fresh";

/** The same for everyone: shared caches may keep it. */
export const config: RouteConfig = { cache: "public" };

/** Answers to what buyers and creators ask most: buying, downloads, keys, refunds, selling. */
export default function HelpPage() {
  return (
    <article class="prose">
      <Head>
        <title>Help · Marquee</title>
        <meta
          name="description"
          content="How buying, downloads, licence keys, refunds and selling work on Marquee."
        />
      </Head>
      <h1>Help</h1>
      <p>
        Marquee sells digital products and live events made by independent creators. Here is how
        buying and selling work.
      </p>
      <nav aria-label="On this page">
        <ul>
          <li>
            <a href="#buying">Buying</a>
          </li>
          <li>
            <a href="#downloads">Downloads and your library</a>
          </li>
          <li>
            <a href="#licence-keys">Licence keys</a>
          </li>
          <li>
            <a href="#receipts">Orders and receipts</a>
          </li>
          <li>
            <a href="#refunds">Refunds</a>
          </li>
          <li>
            <a href="#selling">Selling on Marquee</a>
          </li>
        </ul>
      </nav>

      <h2 id="buying">Buying</h2>
      <p>
        Add what you want to your cart and choose{" "}
        <strong>Checkout</strong>. You need an account to pay, so that your purchases stay in your
        library; your cart is kept while you sign in or sign up. Pay by card. If your card is
        declined, your cart stays as it was and you can try another card.
      </p>
      <p>
        Some products are limited: the product page and the cart say how many are left, and you can
        buy up to that number. Free products need no card.
      </p>

      <h2 id="downloads">Downloads and your library</h2>
      <p>
        Everything you buy appears in your <a href="/library">library</a>{" "}
        as soon as the order is complete. Download files from there as often as you need; each
        download link is made for you and lasts a short while, so open the library again for a fresh
        one. Courses, memberships and live tickets show what they give you in the library too.
      </p>

      <h2 id="licence-keys">Licence keys</h2>
      <p>
        Software may come with a licence key. Your key is shown with the product in your library,
        for as long as you own it. Keep it private: it is yours alone. If a key does not work, ask
        the creator, whose page is linked from the product.
      </p>

      <h2 id="receipts">Orders and receipts</h2>
      <p>
        Your <a href="/orders">orders</a>{" "}
        list every purchase and its status. Open an order to follow it live while it is paid, and
        once it is complete download its receipt as a PDF. The receipt names the seller of each
        item, the amount paid and the payment date.
      </p>

      <h2 id="refunds">Refunds</h2>
      <p>
        An order can be refunded when what you bought is broken, not as described or never arrived.
        The money goes back to the card you paid with, usually within 5 to 10 working days, and the
        product leaves your library. The order's page shows when it has been refunded.
      </p>

      <h2 id="selling">Selling on Marquee</h2>
      <p>
        Sign up as a creator, then open your <a href="/dashboard">dashboard</a> and choose{" "}
        <strong>New product</strong>. Give it a title, price, description and cover, add its files
        (and licence keys for software), and publish it when it is ready. Your{" "}
        <a href="/dashboard/sales">sales</a>{" "}
        page shows what you sold, to whom and for how much, with totals by period and a CSV export
        for your accounts.
      </p>
      <p>
        See also our <a href="/terms">terms</a> and how we handle your{" "}
        <a href="/privacy">privacy</a>.
      </p>
    </article>
  );
}
