/**
 * The HTTP answers of the stream rules' refusals, and of streams the caller may not change.
 * @module
 */
import { HttpProblem, validationProblem } from "@marquee/http";
import { StreamRuleError } from "../domain/stream.ts";

/** The 404 for a stream that is missing or not the caller's to change. */
export function noStream(id: string): HttpProblem {
  return new HttpProblem(404, `No stream "${id}"`);
}

/** Maps a refusal of the stream rules to a 422 naming the field or a 409; rethrows others. */
export function ruleProblem(error: unknown): never {
  if (!(error instanceof StreamRuleError)) throw error;
  if (error.kind === "invalid" && error.field) {
    throw validationProblem([{ field: `body.${error.field}`, message: error.message }]);
  }
  throw new HttpProblem(error.kind === "invalid" ? 422 : 409, error.message);
}
