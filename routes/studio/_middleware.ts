import type { MiddlewareContext } from "@marquee/fresh";

/** Keeps the creator's studio out of search engines and every shared cache. */
export async function handler(ctx: MiddlewareContext): Promise<Response> {
  const res = await ctx.next();
  const out = new Response(res.body, res);
  out.headers.set("x-robots-tag", "noindex");
  out.headers.set("cache-control", "private, no-store");
  return out;
}
