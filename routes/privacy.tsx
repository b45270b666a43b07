import { Head, type RouteConfig } from "@marquee/fresh";

/** The same for everyone: shared caches may keep it. */
export const config: RouteConfig = { cache: "public" };

/** What Marquee keeps about people, why, and who sees it. */
export default function PrivacyPage() {
  return (
    <article class="prose">
      <Head>
        <title>Privacy · Marquee</title>
        <meta name="description" content="What Marquee keeps about you, why, and who sees it." />
      </Head>
      <h1>Privacy</h1>
      <p>We keep only what we need to run the store, and we do not sell it.</p>

      <h2>What we keep</h2>
      <ul>
        <li>Your account: email address, display name, and a securely hashed password.</li>
        <li>What you buy and sell: orders, their amounts and what is in your library.</li>
        <li>
          Payments are handled by our card processor; we keep its reference to your payment, not
          your card number.
        </li>
        <li>Your cart, kept in a cookie on your device so that it survives signing in.</li>
      </ul>

      <h2>Who sees it</h2>
      <p>
        A creator sees the display name of each buyer of their products, what was bought and the
        amount paid. Creators do not see your email address or card. Other buyers see nothing of
        your purchases.
      </p>

      <h2>Cookies</h2>
      <p>
        We use cookies to keep you signed in and to remember your cart. We use no advertising or
        tracking cookies.
      </p>

      <h2>Your choices</h2>
      <p>
        You can change your display name on your <a href="/account">account</a>{" "}
        page. You may ask for a copy of your data, or for your account to be closed and your data
        deleted; orders are kept as long as accounting law requires.
      </p>
    </article>
  );
}
