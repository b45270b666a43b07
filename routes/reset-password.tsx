import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import ResetPasswordForm from "../islands/ResetPasswordForm.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** Handlers of `/reset-password?token=`. */
export const handler = {
  GET(ctx: RouteContext<string>) {
    return ctx.render((ctx.url.searchParams.get("token") ?? "").slice(0, 128));
  },
};

/** Choosing a new password with a mailed link. */
export default function ResetPasswordPage({ data: token }: PageProps<string>) {
  return (
    <>
      <Head>
        <title>Choose a new password · Marquee</title>
        <meta name="robots" content="noindex" />
        {/* The address holds the token: never send it on to another site. */}
        <meta name="referrer" content="no-referrer" />
      </Head>
      <section class="auth-page">
        <h1>Choose a new password</h1>
        <ResetPasswordForm token={token} />
      </section>
    </>
  );
}
