/**
 * Serving static files: built assets under `/_fresh/` and the static folder under
 * `/static/`, immutable when the name carries a content hash.
 * @module
 */
import type { Context } from "hono";
import { MANIFEST_FILE, SAFE_FILE } from "./assets.ts";

/** Cache-Control of files whose name changes with their content. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "public, max-age=300";

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  woff2: "font/woff2",
  txt: "text/plain; charset=utf-8",
  webmanifest: "application/manifest+json",
};

/** A `-<hex hash>.` part, as the build names files. */
const HASHED = /-[0-9a-f]{8,}\./;

function fileResponse(name: string, bytes: Uint8Array, cacheControl: string) {
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  const headers = new Headers({
    "content-type": TYPES[ext] ?? "application/octet-stream",
    "cache-control": cacheControl,
    "x-content-type-options": "nosniff",
  });
  return new Response(bytes as BodyInit, { headers });
}

/** Answers `/_fresh/<file>` from the built assets; every one of them has a hashed name. */
export async function serveBuilt(
  c: Context,
  read: (file: string) => Promise<Uint8Array | null>,
): Promise<Response | null> {
  const file = c.req.param("file") ?? "";
  if (!SAFE_FILE.test(file) || file === MANIFEST_FILE) return null;
  const bytes = await read(file);
  return bytes ? fileResponse(file, bytes, IMMUTABLE) : null;
}

/** Answers `/static/<path>` from `dir`; hashed names are immutable, others revalidate. */
export async function serveStatic(c: Context, dir: string): Promise<Response | null> {
  let parts: string[];
  try {
    parts = decodeURIComponent(c.req.path.slice("/static/".length)).split("/");
  } catch {
    return null;
  }
  // The build output is reached through /_fresh/ only.
  if (parts[0] === "_fresh" || !parts.every((part) => SAFE_FILE.test(part))) return null;
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(`${dir}/${parts.join("/")}`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory) {
      return null;
    }
    throw error;
  }
  const name = parts.at(-1)!;
  return fileResponse(name, bytes, HASHED.test(name) ? IMMUTABLE : REVALIDATE);
}
