import { Head, type RouteConfig } from "@marquee/fresh";
import ForgotPasswordForm from "../islands/ForgotPasswordForm.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** Asking for a link to reset a forgotten password. */
export default function ForgotPasswordPage() {
  return (
    <>
      <Head>
        <title>Reset your password · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <section class="auth-page">
        <h1>Reset your password</h1>
        <p>Enter the email you signed up with. We will send you a link to choose a new password.</p>
        <ForgotPasswordForm />
        <p>
          Remembered it? <a href="/signin">Sign in</a>
        </p>
      </section>
    </>
  );
}
