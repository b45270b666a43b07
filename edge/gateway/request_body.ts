/**
 * The body sent upstream. Small bodies with a declared length are read into memory, which
 * keeps their length and lets idempotent requests be retried; larger ones stream through,
 * counted against the route's limit when it has one.
 * @module
 */
import { HttpProblem } from "@marquee/http";

/** Bodies up to this size (declared by `content-length`) are buffered. */
const BUFFER_MAX_BYTES = 64 * 1024;

/** The body was larger than the route allows. */
export class BodyTooLargeError extends HttpProblem {
  constructor(limit: number) {
    super(413, `Request body is larger than ${limit} bytes`);
  }
}

/** Options of {@linkcode upstreamBody}. */
export interface UpstreamBodyOptions {
  /** The route's limit; undefined streams any size (the upstream enforces its own). */
  maxBytes?: number;
  /** Aborted (with a `BodyTooLargeError`) when a streamed body passes the limit. */
  overflow: AbortController;
}

/** The body to forward for `req`, or null for none; throws `BodyTooLargeError` early when it can. */
export async function upstreamBody(
  req: Request,
  options: UpstreamBodyOptions,
): Promise<BodyInit | null> {
  const { maxBytes, overflow } = options;
  if (!req.body || req.method === "GET" || req.method === "HEAD") return null;
  const declared = req.headers.has("content-length")
    ? Number(req.headers.get("content-length"))
    : undefined;
  if (maxBytes !== undefined && declared !== undefined && declared > maxBytes) {
    throw new BodyTooLargeError(maxBytes);
  }
  if (declared !== undefined && declared <= BUFFER_MAX_BYTES) {
    return new Uint8Array(await req.arrayBuffer());
  }
  if (maxBytes === undefined) return req.body;
  let seen = 0;
  return req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          const error = new BodyTooLargeError(maxBytes);
          // Abort first: the upstream client then treats the failed call as the caller's
          // doing, and an oversized upload does not count against the service's breaker.
          overflow.abort(error);
          controller.error(error);
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
}
