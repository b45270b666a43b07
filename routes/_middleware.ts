import type { MiddlewareContext } from "@marquee/fresh";

/** Reports the time the storefront spent on each page in `Server-Timing`. */
export async function handler(ctx: MiddlewareContext): Promise<Response> {
  const started = performance.now();
  const res = await ctx.next();
  const ms = (performance.now() - started).toFixed(1);
  // A copy, since some responses (redirects, fetched ones) have immutable headers.
  const timed = new Response(res.body, res);
  timed.headers.append("server-timing", `storefront;dur=${ms}`);
  return timed;
}
