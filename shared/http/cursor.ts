/**
 * Opaque keyset cursors: a list hands out the position of its last row (sort key and id)
 * as base64url JSON, and takes it back checked against the list's own zod schema, so the
 * next page starts right after that row however rows are added. Anything a list did not
 * hand out is a 422 problem naming `query.cursor`.
 * @module
 */
import type { z } from "zod";
import { validationProblem } from "./problem.ts";

/** Longest cursor taken, far above any position a list hands out. */
const MAX_CURSOR_LENGTH = 512;

/** Encodes and decodes the cursors of one list. */
export interface CursorCodec<T> {
  /** The opaque cursor of a position. */
  encode(position: T): string;
  /** The position a cursor names (undefined for none); a 422 problem for any other text. */
  decode(text: string | undefined): T | undefined;
}

/** The problem for a cursor a list did not hand out. */
export function cursorProblem(): Error {
  return validationProblem([{ field: "query.cursor", message: "Not a cursor of this list" }]);
}

/**
 * A codec for positions of `schema`. Positions are JSON (dates as ISO strings), so the
 * schema parses what `JSON.stringify` made of them: `z.iso.datetime().transform(...)`
 * turns a date back into a `Date`.
 */
export function cursorCodec<S extends z.ZodType>(schema: S): CursorCodec<z.output<S>> {
  return {
    encode(position) {
      const bytes = new TextEncoder().encode(JSON.stringify(position));
      return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
    },
    decode(text) {
      if (text === undefined) return undefined;
      if (text.length > MAX_CURSOR_LENGTH || !/^[\w-]+$/.test(text)) throw cursorProblem();
      let json: unknown;
      try {
        const bytes = Uint8Array.fromBase64(text, { alphabet: "base64url" });
        json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      } catch {
        throw cursorProblem();
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw cursorProblem();
      return parsed.data;
    },
  };
}
