/**
 * Turns zod failures from @hono/zod-openapi validators into 422 problems naming fields, and
 * refuses text holding U+0000, which PostgreSQL cannot store in a text column, the same way.
 * @module
 */
import type { ZodError } from "zod";
import { usePlainMessages } from "./plain_messages.ts";
import { type FieldError, validationProblem } from "./problem.ts";

// Every service validates through this module, so loading it gives every schema of the
// process the same plain words; field errors keep naming the field by its request path.
usePlainMessages();

/** Maps a zod error to field errors, prefixing each path with the request part. */
export function fieldErrors(error: ZodError, target?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const field = [target, ...path].filter(Boolean).join(".") || target || "(root)";
    return { field, message: issue.message };
  });
}

/** Field errors for every string in `value` that holds a NUL character. */
export function nulFields(value: unknown, target?: string): FieldError[] {
  const found: FieldError[] = [];
  const walk = (v: unknown, path: string[]) => {
    if (typeof v === "string") {
      if (v.includes("\0")) {
        found.push({
          field: [target, ...path].filter(Boolean).join(".") || "(root)",
          message: "Must not contain a NUL character",
        });
      }
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, String(i)]));
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) walk(item, [...path, key]);
    }
  };
  walk(value, []);
  return found;
}

/** The default hook for every OpenAPIHono router: bad input is a 422, never a 500. */
export function validationHook(
  result: { success: boolean; data?: unknown; error?: unknown; target?: string },
): void {
  const target = result.target === "json" ? "body" : result.target;
  if (!result.success) throw validationProblem(fieldErrors(result.error as ZodError, target));
  const nul = nulFields(result.data, target);
  if (nul.length) throw validationProblem(nul);
}
