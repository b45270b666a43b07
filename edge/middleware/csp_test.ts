import assert from "node:assert/strict";
import { Hono } from "hono";
import {
  contentSecurityPolicy,
  csp,
  CSP_NONCE_PLACEHOLDER,
  policyBuilder,
  replaceAll,
  replaceBytes,
} from "./csp.ts";

async function collect(chunks: string[], search: string, replacement: string) {
  const stream = ReadableStream.from(chunks).pipeThrough(replaceAll(search, replacement));
  let out = "";
  for await (const part of stream) out += part;
  return out;
}

Deno.test("replaceAll replaces matches split across chunks", async () => {
  assert.equal(await collect(["a__X__b__X", "__c"], "__X__", "N"), "aNbNc");
  assert.equal(await collect(["__", "X", "_", "_ tail _"], "__X__", "N"), "N tail _");
  assert.equal(await collect(["no match at all", " __"], "__X__", "N"), "no match at all __");
});

Deno.test("html responses get a fresh nonce in body and header; others are left alone", async () => {
  const app = new Hono();
  app.use(csp({ blobOrigin: "http://127.0.0.1:9000/bucket" }));
  app.get(
    "/page",
    (c) =>
      c.html(
        `<script nonce="${CSP_NONCE_PLACEHOLDER}"></script><script nonce="${CSP_NONCE_PLACEHOLDER}">`,
      ),
  );
  app.get("/json", (c) => c.json({ nonce: CSP_NONCE_PLACEHOLDER }));
  const first = await app.request("/page");
  const second = await app.request("/page");
  const [a, b] = [
    first.headers.get("content-security-policy")!,
    second.headers.get("content-security-policy")!,
  ];
  const nonceA = /'nonce-([\w-]+)'/.exec(a)![1]!;
  const nonceB = /'nonce-([\w-]+)'/.exec(b)![1]!;
  assert.notEqual(nonceA, nonceB);
  assert.equal(await first.text(), `<script nonce="${nonceA}"></script><script nonce="${nonceA}">`);
  assert.match(await second.text(), new RegExp(nonceB));
  assert.match(a, /img-src 'self' data: blob: http:\/\/127\.0\.0\.1:9000;/);
  assert.match(a, /frame-ancestors 'none'/);
  const json = await app.request("/json");
  assert.equal(json.headers.get("content-security-policy"), null);
  assert.match(await json.text(), new RegExp(CSP_NONCE_PLACEHOLDER));
});

Deno.test("the policy names the nonce with strict-dynamic", () => {
  assert.match(contentSecurityPolicy("abc"), /script-src 'nonce-abc' 'strict-dynamic'/);
  assert.match(contentSecurityPolicy("abc"), /connect-src 'self' ws: wss:;/);
  assert.doesNotMatch(contentSecurityPolicy("abc"), /stripe|frame-src/);
});

Deno.test("blob storage and Stripe are allowed only when configured", () => {
  const policy = contentSecurityPolicy("abc", {
    blobOrigin: "http://127.0.0.1:9000/bucket",
    stripe: true,
  });
  assert.match(policy, /img-src 'self' data: blob: http:\/\/127\.0\.0\.1:9000;/);
  assert.match(
    policy,
    /connect-src 'self' ws: wss: http:\/\/127\.0\.0\.1:9000 https:\/\/api\.stripe\.com;/,
  );
  assert.match(policy, /frame-src https:\/\/js\.stripe\.com https:\/\/hooks\.stripe\.com;/);
  assert.equal(
    policyBuilder({ stripe: true })("abc"),
    contentSecurityPolicy("abc", { stripe: true }),
  );
});

Deno.test("replaceBytes swaps every placeholder, at the edges and side by side", () => {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const out = (text: string) =>
    dec.decode(replaceBytes(enc.encode(text), enc.encode("__N__"), enc.encode("abc")));
  assert.equal(out("__N__x__N____N__"), "abcxabcabc");
  assert.equal(out("no placeholder"), "no placeholder");
  assert.equal(out("_N_ __N_ __N__"), "_N_ __N_ abc");
  assert.equal(out("héllo __N__ wörld"), "héllo abc wörld");
});
