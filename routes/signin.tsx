import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import { authPagePath, safeNextPath } from "../islands/_lib/next_path.ts";
import SignInForm from "../islands/SignInForm.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** Handlers of `/signin`. */
export const handler = {
  GET(ctx: RouteContext<string>) {
    return ctx.render(safeNextPath(ctx.url.searchParams.get("next"), "/"));
  },
};

/** The sign-in page; the form posts to the users API from the browser. */
export default function SignInPage({ data: next }: PageProps<string>) {
  return (
    <>
      <Head>
        <title>Sign in · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <section class="auth-page">
        <h1>Sign in</h1>
        <SignInForm next={next} />
        <p>
          New to Marquee? <a href={authPagePath("/signup", next)}>Create an account</a>
        </p>
      </section>
    </>
  );
}
