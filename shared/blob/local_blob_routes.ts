/**
 * The HTTP side of the local store: `PUT` and `GET` on presigned URLs, checked the way S3
 * checks them (signature, then expiry, then size), so a browser uploads and downloads
 * exactly as it would against S3. Nothing is served without a valid signature.
 * @module
 */
import { Hono } from "hono";
import { problemResponse } from "@marquee/http";
import type { BlobInfo, BlobStore } from "./blob_store.ts";
import { hmacKey, type SignedFields, verify } from "./_local_signature.ts";
import { assertMaxBytes, attachment } from "./_options.ts";

/** Options for {@linkcode localBlobRoutes}. */
export interface LocalBlobRoutesOptions {
  store: BlobStore;
  /** The secret the store signs with. */
  secret: string;
  /** Largest upload accepted, whatever the URL allows. */
  maxBytes: number;
  /** The clock, in epoch milliseconds. */
  now?: () => number;
}

class TooLargeError extends Error {}

const problem = (status: 403 | 404 | 413, title: string, detail: string) =>
  problemResponse({ type: "about:blank", title, status, detail });

/** Stops the stream with {@linkcode TooLargeError} once more than `limit` bytes passed. */
function limitBytes(limit: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limit) controller.error(new TooLargeError());
      else controller.enqueue(chunk);
    },
  });
}

/** Creates the router serving presigned URLs; mount it where `publicBaseUrl` points. */
export function localBlobRoutes(options: LocalBlobRoutesOptions): Hono {
  const { store, maxBytes, now = Date.now } = options;
  assertMaxBytes(maxBytes);
  const signingKey = hmacKey(options.secret);

  /** A 403 response unless the query carries a valid, unexpired signature for `fields`. */
  async function refuse(query: Record<string, string>, fields: Omit<SignedFields, "expires">) {
    const { expires, sig } = query;
    if (!expires || !sig) return problem(403, "Forbidden", "URL is not signed");
    if (!/^\d{1,12}$/.test(expires)) return problem(403, "Forbidden", "Signature does not match");
    if (!(await verify(await signingKey, { ...fields, expires }, sig))) {
      return problem(403, "Forbidden", "Signature does not match");
    }
    if (Number(expires) * 1000 < now()) return problem(403, "Forbidden", "URL has expired");
    return null;
  }

  return new Hono()
    .put("/:key{.+}", async (c) => {
      const key = c.req.param("key");
      const query = c.req.query();
      const contentType = c.req.header("content-type") ?? "";
      const refused = await refuse(query, {
        method: "PUT",
        key,
        contentType,
        maxBytes: query.max,
      });
      if (refused) return refused;
      const limit = Math.min(maxBytes, query.max ? Number(query.max) : Infinity);
      const tooLarge = problem(413, "Content Too Large", `Body exceeds ${limit} bytes`);
      if (Number(c.req.header("content-length") ?? 0) > limit) return tooLarge;
      const body = c.req.raw.body?.pipeThrough(limitBytes(limit)) ?? new Uint8Array();
      try {
        const stored = await store.put(key, body, { contentType });
        return c.body(null, 200, { etag: stored.etag });
      } catch (error) {
        if (error instanceof TooLargeError) return tooLarge;
        throw error;
      }
    })
    .get("/:key{.+}", async (c) => {
      const key = c.req.param("key");
      const query = c.req.query();
      const refused = await refuse(query, { method: "GET", key, downloadName: query.dl });
      if (refused) return refused;
      // Hono answers HEAD with this handler; only the metadata is needed then.
      const head = c.req.method === "HEAD";
      const object: BlobInfo & { body?: ReadableStream<Uint8Array> } | null = head
        ? await store.head(key)
        : await store.get(key);
      if (!object) return problem(404, "Not Found", `No blob "${key}"`);
      const headers = new Headers({
        "content-type": object.contentType,
        "content-length": String(object.size),
        etag: object.etag,
      });
      if (object.cacheControl) headers.set("cache-control", object.cacheControl);
      if (query.dl) headers.set("content-disposition", attachment(query.dl));
      return new Response(object.body ?? null, { headers });
    });
}
