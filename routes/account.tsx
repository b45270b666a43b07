import { Head, type RouteConfig } from "@marquee/fresh";
import AccountProfile from "../islands/AccountProfile.tsx";
import AccountSecurity from "../islands/AccountSecurity.tsx";
import NotificationSettings from "../islands/NotificationSettings.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/**
 * The signed-in user's profile, email, password and notification settings; the islands load
 * and save them.
 */
export default function AccountPage() {
  return (
    <>
      <Head>
        <title>Your account · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <h1>Your account</h1>
      <section class="stack account" aria-labelledby="account-profile-heading">
        <h2 id="account-profile-heading">Profile</h2>
        <AccountProfile />
      </section>
      <AccountSecurity />
      <section class="stack account" aria-labelledby="account-notifications-heading">
        <h2 id="account-notifications-heading">Notifications</h2>
        <NotificationSettings />
      </section>
    </>
  );
}
