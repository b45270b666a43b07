/**
 * The caller's address, for throttling. `x-forwarded-for` is anyone's to write, so it is
 * read only behind a proxy that is trusted to set it (its first hop is the client).
 * @module
 */
import type { Context } from "hono";

/** The client address; "unknown" when neither the socket nor a trusted proxy tells. */
export function clientAddress(c: Context, options: { trustProxy: boolean }): string {
  if (options.trustProxy) {
    const first = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first;
  }
  // Deno.serve passes its ServeHandlerInfo as Hono's env; `app.request` in tests may not.
  const info = c.env as Partial<Deno.ServeHandlerInfo> | undefined;
  const remote = info?.remoteAddr;
  return remote && "hostname" in remote ? remote.hostname : "unknown";
}
