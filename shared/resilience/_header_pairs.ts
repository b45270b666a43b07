/**
 * Headers as either a `Headers` object or a list of name/value pairs. A list reaches the
 * HTTP/1.1 transport as it is, without the copy and sorted walk a `Headers` costs.
 * @module
 */

/** Header names with their values, in order. */
export type HeaderPairs = Array<[string, string]>;

/** Whether `headers` has a header named `name` (lower case). */
export function hasHeader(headers: Headers | HeaderPairs, name: string): boolean {
  if (headers instanceof Headers) return headers.has(name);
  return headers.some(([n]) => n.length === name.length && n.toLowerCase() === name);
}

/**
 * A new `Headers` holding the entries of `init`, as `new Headers(init)` would. A `Headers` is
 * walked with `forEach`: its iterator, which the constructor uses, sorts the header list again at
 * every step (about 11 µs to copy 8 headers that way, against 3).
 */
export function copyHeaders(init?: HeadersInit): Headers {
  if (!(init instanceof Headers)) return new Headers(init);
  const copy = new Headers();
  init.forEach((value, name) => copy.append(name, value));
  return copy;
}

/** Adds a header (to a list) or sets it (on `Headers`). */
export function addHeader(headers: Headers | HeaderPairs, name: string, value: string): void {
  if (headers instanceof Headers) headers.set(name, value);
  else headers.push([name, value]);
}
