import assert from "node:assert/strict";
import { Hono } from "hono";
import { createLocalBlobStore } from "./local_blob_store.ts";
import { localBlobRoutes } from "./local_blob_routes.ts";

const SECRET = "unit-test-secret-0123";
const BASE = "http://blobs.test/b";

/** A store and its routes on a fake clock, served in-process through `app.request`. */
async function setup(maxBytes = 1024) {
  let t = Date.UTC(2030, 0, 1);
  const root = await Deno.makeTempDir({ prefix: "marquee-blob-unit-" });
  const store = createLocalBlobStore({ root, publicBaseUrl: BASE, secret: SECRET, now: () => t });
  const routes = localBlobRoutes({ store, secret: SECRET, maxBytes, now: () => t });
  const app = new Hono().route("/b", routes);
  await store.ensureBucket();
  return {
    store,
    root,
    advance: (ms: number) => void (t += ms),
    request: (url: string, init?: RequestInit) => app.request(url, init),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

async function problemOf(response: Response) {
  assert.equal(response.headers.get("content-type"), "application/problem+json");
  return await response.json();
}

Deno.test("local routes refuse unsigned, tampered and expired URLs with problem+json", async () => {
  await using s = await setup();
  await s.store.put("a/b.txt", new TextEncoder().encode("hi"), { contentType: "text/plain" });
  const url = await s.store.presignGet("a/b.txt", { expiresInSec: 60 });
  assert.ok(url.startsWith(`${BASE}/a/b.txt?expires=`));

  const unsigned = await s.request(`${BASE}/a/b.txt`);
  assert.equal(unsigned.status, 403);
  assert.deepEqual(await problemOf(unsigned), {
    type: "about:blank",
    title: "Forbidden",
    status: 403,
    detail: "URL is not signed",
  });
  const other = await s.request(url.replace("a/b.txt?", "a/c.txt?"));
  assert.equal((await problemOf(other)).detail, "Signature does not match");
  const garbled = await s.request(url.replace(/sig=[0-9a-f]+/, "sig=zz"));
  assert.equal((await problemOf(garbled)).status, 403);
  const later = await s.request(url.replace(/expires=\d+/, (m) => `${m}0`));
  assert.equal((await problemOf(later)).detail, "Signature does not match");

  const ok = await s.request(url);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), "hi");
  s.advance(61_000);
  const expired = await s.request(url);
  assert.equal((await problemOf(expired)).detail, "URL has expired");
});

Deno.test("local routes refuse bodies past maxBytes, by header or by stream", async () => {
  await using s = await setup(10);
  const upload = await s.store.presignPut("big.bin", { contentType: "application/octet-stream" });
  const declared = await s.request(upload.url, {
    method: "PUT",
    headers: upload.headers,
    body: new Uint8Array(11),
  });
  assert.equal(declared.status, 413);
  assert.equal((await problemOf(declared)).detail, "Body exceeds 10 bytes");

  const streamed = await s.request(upload.url, {
    method: "PUT",
    headers: upload.headers,
    body: ReadableStream.from([new Uint8Array(6), new Uint8Array(6)]),
  });
  assert.equal(streamed.status, 413);
  await streamed.body?.cancel();
  assert.equal(await s.store.head("big.bin"), null);
  assert.deepEqual([...Deno.readDirSync(`${s.root}/@tmp`)], [], "no partial file is left");

  const exact = await s.request(upload.url, {
    method: "PUT",
    headers: upload.headers,
    body: new Uint8Array(10),
  });
  assert.equal(exact.status, 200);
  assert.equal(exact.headers.get("etag"), (await s.store.head("big.bin"))?.etag);
});

Deno.test("local routes enforce the maxBytes signed into the URL", async () => {
  await using s = await setup(1024);
  const upload = await s.store.presignPut("avatar.png", { contentType: "image/png", maxBytes: 4 });
  const res = await s.request(upload.url, {
    method: "PUT",
    headers: upload.headers,
    body: new Uint8Array(5),
  });
  assert.equal(res.status, 413);
  await res.body?.cancel();
  const raised = await s.request(upload.url.replace("max=4", "max=1000"), {
    method: "PUT",
    headers: upload.headers,
    body: new Uint8Array(5),
  });
  assert.equal(raised.status, 403, "the limit is part of the signature");
  await raised.body?.cancel();
});

Deno.test("local routes answer 404 for a signed missing key and HEAD without a body", async () => {
  await using s = await setup();
  const missing = await s.request(await s.store.presignGet("nope.txt"));
  assert.equal(missing.status, 404);
  assert.equal((await problemOf(missing)).detail, 'No blob "nope.txt"');

  await s.store.put("doc.pdf", new Uint8Array([1, 2, 3]), {
    contentType: "application/pdf",
    cacheControl: "private, max-age=60",
  });
  const url = await s.store.presignGet("doc.pdf", { downloadName: "Invoice № 7.pdf" });
  const head = await s.request(url, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("content-length"), "3");
  assert.equal(head.headers.get("cache-control"), "private, max-age=60");
  assert.equal(
    head.headers.get("content-disposition"),
    `attachment; filename="Invoice _ 7.pdf"; filename*=UTF-8''Invoice%20%E2%84%96%207.pdf`,
  );
  assert.equal(await head.text(), "");
});

Deno.test("a store based on a path signs paths the routes serve at any origin", async () => {
  const root = await Deno.makeTempDir({ prefix: "marquee-blob-unit-" });
  try {
    const store = createLocalBlobStore({ root, publicBaseUrl: "/b/", secret: SECRET });
    const app = new Hono().route("/b", localBlobRoutes({ store, secret: SECRET, maxBytes: 64 }));
    await store.ensureBucket();
    const upload = await store.presignPut("covers/c.png", { contentType: "image/png" });
    assert.match(upload.url, /^\/b\/covers\/c\.png\?expires=/);
    const put = await app.request(`http://127.0.0.1:8000${upload.url}`, {
      method: "PUT",
      headers: upload.headers,
      body: "png",
    });
    assert.equal(put.status, 200);
    const url = await store.presignGet("covers/c.png", { downloadName: "c.png" });
    assert.match(url, /^\/b\/covers\/c\.png\?/);
    const got = await app.request(`http://localhost:8000${url}`);
    assert.equal(await got.text(), "png");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
