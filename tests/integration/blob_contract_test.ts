/**
 * One contract, both adapters: the local-disk store (served over real HTTP so its
 * presigned URLs are exercised as a browser would use them) and S3, when
 * `MARQUEE_TEST_S3_ENDPOINT` names a server, in a bucket made for this run.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import {
  type BlobStore,
  createLocalBlobStore,
  createS3BlobStore,
  InvalidKeyError,
  localBlobRoutes,
} from "@marquee/blob";

interface Opened {
  store: BlobStore;
  cleanup: () => Promise<void>;
}

interface BlobTarget {
  name: "local" | "s3";
  open: () => Promise<Opened>;
}

async function openLocal(): Promise<Opened> {
  const root = await Deno.makeTempDir({ prefix: "marquee-blob-" });
  const secret = "test-secret-0123456789";
  // Routes are added once the port, and so the store's public URL, is known.
  const app = new Hono();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const store = createLocalBlobStore({
    root,
    secret,
    publicBaseUrl: `http://127.0.0.1:${server.addr.port}/blobs`,
  });
  app.route("/blobs", localBlobRoutes({ store, secret, maxBytes: 1 << 20 }));
  await store.ensureBucket();
  return {
    store,
    async cleanup() {
      await server.shutdown();
      await store.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}

function blobTargets(): BlobTarget[] {
  const targets: BlobTarget[] = [{ name: "local", open: openLocal }];
  const endpoint = Deno.env.get("MARQUEE_TEST_S3_ENDPOINT");
  if (endpoint) {
    targets.push({
      name: "s3",
      async open() {
        const store = createS3BlobStore({
          endpoint,
          region: Deno.env.get("MARQUEE_TEST_S3_REGION") ?? "us-east-1",
          accessKeyId: Deno.env.get("MARQUEE_TEST_S3_ACCESS_KEY") ?? "marquee",
          secretAccessKey: Deno.env.get("MARQUEE_TEST_S3_SECRET_KEY") ?? "marquee-secret",
          bucket: `test-${crypto.randomUUID().slice(0, 8)}`,
        });
        await store.ensureBucket();
        return {
          store,
          async cleanup() {
            await store.removeBucket();
            await store.close();
          },
        };
      },
    });
  }
  return targets;
}

const text = (s: string) => new TextEncoder().encode(s);

function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536));
  return bytes;
}

const readBytes = async (body: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(body).arrayBuffer());

/** Changes one hex digit of the URL's signature, whichever scheme it uses. */
function tamper(url: string): string {
  const u = new URL(url);
  const name = u.searchParams.has("sig") ? "sig" : "X-Amz-Signature";
  const sig = u.searchParams.get(name)!;
  u.searchParams.set(name, (sig[0] === "0" ? "1" : "0") + sig.slice(1));
  return u.href;
}

/** The response's status, with its body drained so no connection is left open. */
async function statusOf(response: Response): Promise<number> {
  await response.body?.cancel();
  return response.status;
}

for (const target of blobTargets()) {
  Deno.test(`${target.name} blob store`, async (t) => {
    const { store, cleanup } = await target.open();
    try {
      await store.ping();

      await t.step("put, get, head and delete round-trip with metadata", async () => {
        const put = await store.put("products/p1/cover.txt", text("hello"), {
          contentType: "text/plain; charset=utf-8",
          cacheControl: "public, max-age=60",
        });
        assert.equal(put.key, "products/p1/cover.txt");
        assert.equal(put.size, 5);
        assert.match(put.etag, /^".+"$/);
        const head = await store.head("products/p1/cover.txt");
        assert.deepEqual(head, {
          key: "products/p1/cover.txt",
          size: 5,
          etag: put.etag,
          contentType: "text/plain; charset=utf-8",
          cacheControl: "public, max-age=60",
        });
        const got = await store.get("products/p1/cover.txt");
        assert.ok(got);
        assert.equal(got.contentType, "text/plain; charset=utf-8");
        assert.equal(got.size, 5);
        assert.equal(got.etag, put.etag);
        assert.equal(new TextDecoder().decode(await readBytes(got.body)), "hello");
        await store.delete("products/p1/cover.txt");
        assert.equal(await store.head("products/p1/cover.txt"), null);
      });

      await t.step("a stream is stored whole, and a key may also be a folder", async () => {
        const bytes = randomBytes(200_000);
        const put = await store.put(
          "media/clip",
          ReadableStream.from([bytes.subarray(0, 1000), bytes.subarray(1000)]),
          {
            contentType: "application/octet-stream",
          },
        );
        assert.equal(put.size, bytes.byteLength);
        await store.put("media/clip/poster.png", text("png"), { contentType: "image/png" });
        const got = await store.get("media/clip");
        assert.deepEqual(await readBytes(got!.body), bytes);
        assert.equal((await store.head("media/clip/poster.png"))?.contentType, "image/png");
        await store.delete("media/clip");
        await store.delete("media/clip/poster.png");
      });

      await t.step("a missing key gives null and deletes quietly", async () => {
        assert.equal(await store.get("nothing/here"), null);
        assert.equal(await store.head("nothing/here"), null);
        await store.delete("nothing/here");
      });

      await t.step("invalid keys throw InvalidKeyError", async () => {
        const bad = [
          "",
          "/abs",
          "a/../b",
          "..",
          "a//b",
          "a/",
          "a/./b",
          "sp ace",
          "é",
          "a?b",
          "x".repeat(201),
          `${"x/".repeat(256)}x`,
        ];
        for (const key of bad) {
          await assert.rejects(
            () => store.put(key, text("x"), { contentType: "text/plain" }),
            InvalidKeyError,
            key,
          );
          await assert.rejects(() => store.get(key), InvalidKeyError, key);
          await assert.rejects(() => store.head(key), InvalidKeyError, key);
          await assert.rejects(() => store.delete(key), InvalidKeyError, key);
          await assert.rejects(
            () => store.presignPut(key, { contentType: "text/plain" }),
            InvalidKeyError,
            key,
          );
          await assert.rejects(() => store.presignGet(key), InvalidKeyError, key);
        }
        const longest = `${"x".repeat(200)}/${"y".repeat(200)}/${"z".repeat(105)}_-.A9`;
        assert.equal(longest.length, 512);
        await store.put(longest, text("x"), { contentType: "text/plain" });
        assert.equal((await store.head(longest))?.size, 1);
        await store.delete(longest);
      });

      await t.step("a presigned PUT then a presigned GET carry the same bytes", async () => {
        const bytes = randomBytes(100_000);
        const upload = await store.presignPut("uploads/u1/track.bin", {
          contentType: "application/octet-stream",
          maxBytes: 500_000,
        });
        assert.equal(upload.method, "PUT");
        const put = await fetch(upload.url, {
          method: upload.method,
          headers: upload.headers,
          body: bytes,
        });
        assert.equal(await statusOf(put), 200);
        const head = await store.head("uploads/u1/track.bin");
        assert.equal(head?.size, bytes.byteLength);
        assert.equal(head?.contentType, "application/octet-stream");

        const url = await store.presignGet("uploads/u1/track.bin", {
          downloadName: "My track.bin",
        });
        const got = await fetch(url);
        assert.equal(got.status, 200);
        assert.equal(got.headers.get("content-type"), "application/octet-stream");
        assert.match(
          got.headers.get("content-disposition") ?? "",
          /^attachment; filename="My track\.bin"/,
        );
        assert.deepEqual(new Uint8Array(await got.arrayBuffer()), bytes);

        const plain = await fetch(await store.presignGet("uploads/u1/track.bin"));
        assert.equal(plain.headers.get("content-disposition"), null);
        assert.equal((await plain.arrayBuffer()).byteLength, bytes.byteLength);
      });

      await t.step("a presigned PUT with another content type is refused", async () => {
        const upload = await store.presignPut("uploads/u1/typed.txt", {
          contentType: "text/plain",
        });
        const res = await fetch(upload.url, {
          method: "PUT",
          headers: { "content-type": "text/html" },
          body: "<script></script>",
        });
        assert.equal(await statusOf(res), 403);
        assert.equal(await store.head("uploads/u1/typed.txt"), null);
      });

      await t.step("a tampered or missing signature is refused", async () => {
        await store.put("private/doc.txt", text("secret"), { contentType: "text/plain" });
        const url = await store.presignGet("private/doc.txt");
        assert.equal(await statusOf(await fetch(tamper(url))), 403);
        const unsigned = new URL(url);
        unsigned.search = "";
        assert.equal(await statusOf(await fetch(unsigned)), 403);
        const upload = await store.presignPut("private/doc.txt", { contentType: "text/plain" });
        const res = await fetch(tamper(upload.url), {
          method: "PUT",
          headers: upload.headers,
          body: "overwritten",
        });
        assert.equal(await statusOf(res), 403);
        const kept = await store.get("private/doc.txt");
        assert.equal(new TextDecoder().decode(await readBytes(kept!.body)), "secret");
      });

      await t.step("an expired URL is refused", async () => {
        const url = await store.presignGet("private/doc.txt", { expiresInSec: 1 });
        const upload = await store.presignPut("private/late.txt", {
          contentType: "text/plain",
          expiresInSec: 1,
        });
        await new Promise((r) => setTimeout(r, 2_200));
        assert.equal(await statusOf(await fetch(url)), 403);
        const res = await fetch(upload.url, {
          method: "PUT",
          headers: upload.headers,
          body: "late",
        });
        assert.equal(await statusOf(res), 403);
        assert.equal(await store.head("private/late.txt"), null);
      });

      await t.step("presigning checks its options", async () => {
        await assert.rejects(() => store.presignGet("k", { expiresInSec: 0 }), RangeError);
        await assert.rejects(() => store.presignGet("k", { expiresInSec: 604_801 }), RangeError);
        await assert.rejects(() => store.presignPut("k", { contentType: "" }), TypeError);
        await assert.rejects(
          () => store.presignPut("k", { contentType: "a/b", maxBytes: 0 }),
          RangeError,
        );
      });
    } finally {
      await cleanup();
    }
  });
}

Deno.test({
  name: "s3 presigned URLs name the public endpoint and work there",
  ignore: !Deno.env.get("MARQUEE_TEST_S3_ENDPOINT"),
  async fn() {
    // The same server by another name, as a browser outside a container network reaches it.
    const endpoint = new URL(Deno.env.get("MARQUEE_TEST_S3_ENDPOINT")!);
    const publicEndpoint = `${endpoint.protocol}//localhost:${endpoint.port}`;
    const store = createS3BlobStore({
      endpoint: endpoint.origin,
      publicEndpoint,
      region: "us-east-1",
      accessKeyId: Deno.env.get("MARQUEE_TEST_S3_ACCESS_KEY") ?? "marquee",
      secretAccessKey: Deno.env.get("MARQUEE_TEST_S3_SECRET_KEY") ?? "marquee-secret",
      bucket: `test-${crypto.randomUUID().slice(0, 8)}`,
    });
    try {
      await store.ensureBucket();
      const upload = await store.presignPut("covers/p.txt", { contentType: "text/plain" });
      assert.equal(new URL(upload.url).origin, publicEndpoint);
      const put = await fetch(upload.url, {
        method: upload.method,
        headers: upload.headers,
        body: "public",
      });
      assert.equal(await statusOf(put), 200);
      assert.equal((await store.head("covers/p.txt"))?.size, 6);
      const url = await store.presignGet("covers/p.txt");
      assert.equal(new URL(url).origin, publicEndpoint);
      assert.equal(await (await fetch(url)).text(), "public");
    } finally {
      await store.removeBucket();
      await store.close();
    }
  },
});
