/**
 * The router every resource file starts from, so validation behaves the same everywhere.
 * @module
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import { validationHook } from "./validation.ts";

/** Creates an OpenAPIHono router whose validators answer 422 problems on bad input. */
export function createRouter<E extends Env = Env>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>({ defaultHook: validationHook });
}
