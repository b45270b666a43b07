import { Head, type PageProps, type RouteConfig, type RouteContext } from "@marquee/fresh";
import { authPagePath, safeNextPath } from "../islands/_lib/next_path.ts";
import SignUpForm from "../islands/SignUpForm.tsx";

/** Personal: never stored by shared caches. */
export const config: RouteConfig = { cache: "private" };

/** Handlers of `/signup`. */
export const handler = {
  GET(ctx: RouteContext<string>) {
    return ctx.render(safeNextPath(ctx.url.searchParams.get("next"), ""));
  },
};

/** The sign-up page; the form posts to the users API from the browser. */
export default function SignUpPage({ data: next }: PageProps<string>) {
  return (
    <>
      <Head>
        <title>Create an account · Marquee</title>
        <meta name="robots" content="noindex" />
      </Head>
      <section class="auth-page">
        <h1>Create an account</h1>
        <SignUpForm next={next} />
        <p>
          Already have an account? <a href={authPagePath("/signin", next)}>Sign in</a>
        </p>
      </section>
    </>
  );
}
