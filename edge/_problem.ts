/**
 * Responses of the edge, and problem+json answers in the project's one error shape.
 * @module
 */
import { HttpProblem } from "@marquee/http";
import type { Context } from "hono";

/** A body the edge answers with. */
export type ResponseBody = string | ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | null;

/**
 * A plain response. Not built with `c.newResponse`: that writes the given headers into the
 * headers prepared for the request, so one response's headers would leak into the next
 * one built in the same request (a background refetch after a cached answer, say). Hono's
 * setter adds the prepared headers (request id, trace context) when the handler returns it.
 */
export function respond(
  _c: Context,
  body: ResponseBody,
  init: { status: number; statusText?: string; headers?: HeadersInit },
): Response {
  return new Response(body, {
    status: init.status,
    ...(init.statusText ? { statusText: init.statusText } : {}),
    // The Response copies the headers itself.
    headers: init.headers,
  });
}

/** An RFC 9457 problem response for `status` explaining `detail`. */
export function problem(
  c: Context,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  return problemAt(c.req.path, status, detail, headers);
}

/** {@linkcode problem} for a request at `path`, where there is no Hono context. */
export function problemAt(
  path: string,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(problemBody(path, status, detail), {
    status,
    headers: { ...headers, "content-type": "application/problem+json" },
  });
}

/** The RFC 9457 body of a problem for a request at `path`. */
export function problemBody(path: string, status: number, detail: string): string {
  return JSON.stringify({
    type: "about:blank",
    title: new HttpProblem(status).body.title,
    status,
    detail,
    instance: path,
  });
}
