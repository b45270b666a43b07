/**
 * Maps every thrown error to problem+json. Unknown errors are logged and become a 500
 * without internals; known ones keep their status.
 * @module
 */
import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "@marquee/log";
import { HttpProblem, problemResponse } from "./problem.ts";

/** The app-wide `onError` handler. */
export function problemErrorHandler(logger: Logger): ErrorHandler {
  return function problemErrorHandler(error, c) {
    const instance = c.req.path;
    if (error instanceof HttpProblem) {
      return problemResponse({ ...error.body, instance }, error.headers);
    }
    if (error instanceof HTTPException) {
      // Hono raises these for malformed JSON, body limits and the like: client errors.
      const status = error.status;
      const detail = status === 400 && /JSON/i.test(error.message)
        ? "Malformed JSON in request body"
        : error.message || undefined;
      return problemResponse({
        type: "about:blank",
        title: new HttpProblem(status).body.title,
        status,
        ...(detail ? { detail } : {}),
        instance,
      });
    }
    logger.error("Unhandled error", { error: error as Error, path: instance });
    return problemResponse({
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      instance,
    });
  };
}

/** Answers unknown routes with a 404 problem. */
export const problemNotFound: NotFoundHandler = (c) =>
  problemResponse({
    type: "about:blank",
    title: "Not Found",
    status: 404,
    detail: `No route for ${c.req.method} "${c.req.path}"`,
    instance: c.req.path,
  });
