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

/**
 * The sign-in or sign-up page's address carrying `next` on, so that moving between the two
 * (and any failure on the way) still ends where the visitor was going. An unsafe or empty
 * `next` is left off.
 */
export function authPagePath(page: "/signin" | "/signup", next: string | null | undefined): string {
  const path = safeNextPath(next, "");
  return path && path !== "/" ? `${page}?next=${encodeURIComponent(path)}` : page;
}
