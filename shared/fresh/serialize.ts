/**
 * JSON that is safe to place inside HTML, in an attribute or a script element.
 * @module
 */

const UNSAFE = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * `JSON.stringify(value)` with `<`, `>`, `&`, U+2028 and U+2029 escaped as `\uXXXX`, so the
 * text can neither close an element nor start an entity or a comment; `JSON.parse` reads it back
 * unchanged.
 */
export function safeJson(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.replace(UNSAFE, (ch) => ESCAPES[ch]!);
}
