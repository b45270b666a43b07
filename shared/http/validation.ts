/**
 * Turns zod failures from @hono/zod-openapi validators into 422 problems naming fields.
 * @module
 */
import type { ZodError } from "zod";
import { type FieldError, validationProblem } from "./problem.ts";

/** Maps a zod error to field errors, prefixing each path with the request part. */
export function fieldErrors(error: ZodError, target?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const field = [target, ...path].filter(Boolean).join(".") || target || "(root)";
    return { field, message: issue.message };
  });
}

/** The default hook for every OpenAPIHono router: bad input is a 422, never a 500. */
export function validationHook(
  result: { success: boolean; error?: unknown; target?: string },
): void {
  if (result.success) return;
  const error = result.error as ZodError;
  throw validationProblem(fieldErrors(error, result.target === "json" ? "body" : result.target));
}
