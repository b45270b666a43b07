import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import VerifyEmail from "../islands/VerifyEmail.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** Handlers of `/verify-email?token=`. */
export const handler = {
  GET(ctx: RouteContext<string>) {
    return ctx.render((ctx.url.searchParams.get("token") ?? "").slice(0, 128));
  },
};

/** Where the link that confirms an email leads. */
export default function VerifyEmailPage({ data: token }: PageProps<string>) {
  return (
    <>
      <Head>
        <title>Confirm your email · Marquee</title>
        <meta name="robots" content="noindex" />
        {/* The address holds the token: never send it on to another site. */}
        <meta name="referrer" content="no-referrer" />
      </Head>
      <section class="auth-page">
        <h1>Confirm your email</h1>
        <VerifyEmail token={token} />
      </section>
    </>
  );
}
