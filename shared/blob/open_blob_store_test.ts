import assert from "node:assert/strict";
import { openBlobStore } from "./open_blob_store.ts";

const settings = {
  BLOB_ROOT: "",
  BLOB_SIGNING_SECRET: "a-secret-of-32-characters-000000",
  S3_ENDPOINT: "http://127.0.0.1:9000",
  S3_REGION: "us-east-1",
  S3_BUCKET: "marquee",
  S3_ACCESS_KEY: "marquee",
  S3_SECRET_KEY: "marquee-secret",
};

Deno.test("openBlobStore opens a folder whose URLs are /blobs paths on the page's own origin", async () => {
  const root = await Deno.makeTempDir();
  try {
    const store = openBlobStore({ ...settings, BLOB_STORE: "local", BLOB_ROOT: root });
    assert.equal(store.kind, "local");
    const url = await store.presignGet("products/p1/cover.png");
    assert.match(url, /^\/blobs\/products\/p1\/cover\.png\?expires=\d+&sig=[0-9a-f]{64}$/);
    const upload = await store.presignPut("products/p1/cover.png", { contentType: "image/png" });
    assert.match(upload.url, /^\/blobs\/products\/p1\/cover\.png\?/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("openBlobStore opens the S3 bucket the settings name", async () => {
  const store = openBlobStore({ ...settings, BLOB_STORE: "s3" });
  assert.equal(store.kind, "s3");
  const url = new URL(await store.presignGet("products/p1/cover.png"));
  assert.equal(url.origin, "http://127.0.0.1:9000");
  assert.ok(url.pathname.startsWith("/marquee/products/p1/cover.png"), url.pathname);
});
