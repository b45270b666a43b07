/**
 * The local-disk store for embedded mode. An object is two files under `root`:
 * `<key>@data` and its sidecar `<key>@meta.json` (content type, size, etag). Keys cannot
 * contain `@`, so no key's files ever collide with another key's files or folders (`a`
 * and `a/b` both work, as in S3). Writes go to `@tmp/` first and are renamed into place,
 * so a failed upload leaves nothing behind. Presigned URLs point at `localBlobRoutes`.
 * @module
 */
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import type { BlobInfo, BlobStore } from "./blob_store.ts";
import { assertValidKey } from "./keys.ts";
import { assertHeaderValue, assertMaxBytes, attachment, expiresIn } from "./_options.ts";
import { hmacKey, sign } from "./_local_signature.ts";

/** Options for {@linkcode createLocalBlobStore}. */
export interface LocalBlobStoreOptions {
  /** The folder holding the objects; created by `ensureBucket`. */
  root: string;
  /**
   * Where `localBlobRoutes` is mounted: a path such as `/blobs`, giving URLs relative to
   * whatever origin the browser used, or an absolute URL such as `http://127.0.0.1:8000/blobs`.
   */
  publicBaseUrl: string;
  /** Signs presigned URLs; `localBlobRoutes` must be given the same one. */
  secret: string;
  /** The clock, in epoch milliseconds. */
  now?: () => number;
}

type Meta = Omit<BlobInfo, "key">;

const isNotFound = (error: unknown) => error instanceof Deno.errors.NotFound;

/** Creates the local-disk store. */
export function createLocalBlobStore(options: LocalBlobStoreOptions): BlobStore {
  const { root, now = Date.now } = options;
  const base = options.publicBaseUrl.replace(/\/+$/, "");
  // A path base stays a path: the page's own origin completes it.
  const relative = base.startsWith("/");
  const signingKey = hmacKey(options.secret);
  const dataPath = (key: string) => join(root, `${key}@data`);
  const metaPath = (key: string) => join(root, `${key}@meta.json`);
  const tmpPath = () => join(root, "@tmp", crypto.randomUUID());

  async function readMeta(key: string): Promise<Meta | null> {
    assertValidKey(key);
    try {
      return JSON.parse(await Deno.readTextFile(metaPath(key)));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  function presign(key: string, params: Record<string, string | undefined>): string {
    const url = new URL(`${base}/${key}`, "http://relative.invalid");
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    return relative ? `${url.pathname}${url.search}` : url.href;
  }

  return {
    kind: "local",
    async put(key, body, opts) {
      assertValidKey(key);
      assertHeaderValue("contentType", opts.contentType);
      if (opts.cacheControl !== undefined) assertHeaderValue("cacheControl", opts.cacheControl);
      await Deno.mkdir(join(root, "@tmp"), { recursive: true });
      const tmpData = tmpPath();
      const hash = createHash("md5");
      let size = 0;
      const file = await Deno.open(tmpData, { write: true, createNew: true });
      const writer = file.writable.getWriter();
      try {
        const chunks = body instanceof Uint8Array ? [body] : body;
        for await (const chunk of chunks) {
          hash.update(chunk);
          size += chunk.byteLength;
          await writer.write(chunk);
        }
        await writer.close();
      } catch (error) {
        await writer.abort(error).catch(() => {});
        await Deno.remove(tmpData).catch(() => {});
        throw error;
      }
      const meta: Meta = {
        size,
        etag: `"${hash.digest("hex")}"`,
        contentType: opts.contentType,
        ...(opts.cacheControl ? { cacheControl: opts.cacheControl } : {}),
      };
      const tmpMeta = tmpPath();
      await Deno.writeTextFile(tmpMeta, JSON.stringify(meta));
      await Deno.mkdir(dirname(dataPath(key)), { recursive: true });
      await Deno.rename(tmpData, dataPath(key));
      await Deno.rename(tmpMeta, metaPath(key));
      return { key, size, etag: meta.etag };
    },
    async get(key) {
      const meta = await readMeta(key);
      if (!meta) return null;
      try {
        const file = await Deno.open(dataPath(key), { read: true });
        return { key, ...meta, body: file.readable };
      } catch (error) {
        if (isNotFound(error)) return null; // deleted between the two reads
        throw error;
      }
    },
    async head(key) {
      const meta = await readMeta(key);
      return meta && { key, ...meta };
    },
    async delete(key) {
      assertValidKey(key);
      // The sidecar goes first: without it the object reads as missing.
      for (const path of [metaPath(key), dataPath(key)]) {
        await Deno.remove(path).catch((error) => {
          if (!isNotFound(error)) throw error;
        });
      }
    },
    async presignPut(key, opts) {
      assertValidKey(key);
      assertHeaderValue("contentType", opts.contentType);
      if (opts.maxBytes !== undefined) assertMaxBytes(opts.maxBytes);
      const expires = String(Math.floor(now() / 1000) + expiresIn(opts.expiresInSec));
      const maxBytes = opts.maxBytes === undefined ? undefined : String(opts.maxBytes);
      const sig = await sign(await signingKey, {
        method: "PUT",
        key,
        expires,
        contentType: opts.contentType,
        maxBytes,
      });
      const url = presign(key, { expires, max: maxBytes, sig });
      return { url, method: "PUT", headers: { "content-type": opts.contentType } };
    },
    async presignGet(key, opts = {}) {
      assertValidKey(key);
      if (opts.downloadName !== undefined) attachment(opts.downloadName); // validates it
      const expires = String(Math.floor(now() / 1000) + expiresIn(opts.expiresInSec));
      const downloadName = opts.downloadName;
      const sig = await sign(await signingKey, { method: "GET", key, expires, downloadName });
      return presign(key, { expires, dl: downloadName, sig });
    },
    async ensureBucket() {
      await Deno.mkdir(root, { recursive: true });
    },
    async ping() {
      const info = await Deno.stat(root);
      if (!info.isDirectory) throw new Error(`Blob root "${root}" is not a folder`);
    },
    close: () => Promise.resolve(),
  };
}
