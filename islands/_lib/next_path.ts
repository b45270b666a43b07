/**
 * Where to go after signing in: only paths on this site, so a crafted `?next=` link cannot
 * send a visitor elsewhere.
 * @module
 */

/** `value` when it is a local path (`/x`, not `//host` or `/\host`), else `fallback`. */
export function safeNextPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  // Control characters can turn into slashes in some URL parsers.
  const hasControl = [...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  return hasControl ? fallback : value.slice(0, 512);
}
