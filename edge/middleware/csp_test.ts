import assert from "node:assert/strict";
import { Hono } from "hono";
import { csp, CSP_NONCE_PLACEHOLDER, replaceAll, replaceBytes } from "./csp.ts";

async function collect(chunks: string[], search: string, replacement: string) {
  const stream = ReadableStream.from(chunks).pipeThrough(replaceAll(search, replacement));
  let out = "";
  for await (const part of stream) out += part;
  return out;
}

const page =
  `<script nonce="${CSP_NONCE_PLACEHOLDER}"></script><script nonce="${CSP_NONCE_PLACEHOLDER}">`;
const nonceOf = (res: Response) =>
  /script-src 'nonce-([\w+/=-]+)' 'strict-dynamic'/.exec(
    res.headers.get("content-security-policy") ?? "",
  )?.[1];

function appWith(options: Parameters<typeof csp>[0] = {}) {
  const app = new Hono();
  app.use(csp(options));
  app.get("/page", (c) => c.html(page));
  app.get("/streamed", (c) => {
    const [head, tail] = [page.slice(0, 20), page.slice(20)].map((t) =>
      new TextEncoder().encode(t)
    );
    return c.body(ReadableStream.from([head!, tail!]), 200, { "content-type": "text/html" });
  });
  app.get("/json", (c) => c.json({ nonce: CSP_NONCE_PLACEHOLDER }));
  app.get("/unchanged", (c) => c.body(null, 304));
  return app;
}

Deno.test("replaceAll replaces matches split across chunks", async () => {
  assert.equal(await collect(["a__X__b__X", "__c"], "__X__", "N"), "aNbNc");
  assert.equal(await collect(["__", "X", "_", "_ tail _"], "__X__", "N"), "N tail _");
  assert.equal(await collect(["no match at all", " __"], "__X__", "N"), "no match at all __");
});

Deno.test("every html response gets its own nonce, the same in header and body", async () => {
  const app = appWith();
  const first = await app.request("/page");
  const second = await app.request("/page");
  const [a, b] = [nonceOf(first)!, nonceOf(second)!];
  assert.notEqual(a, b);
  assert.equal(await first.text(), page.replaceAll(CSP_NONCE_PLACEHOLDER, a));
  assert.equal(await second.text(), page.replaceAll(CSP_NONCE_PLACEHOLDER, b));
  const streamed = await app.request("/streamed");
  assert.equal(await streamed.text(), page.replaceAll(CSP_NONCE_PLACEHOLDER, nonceOf(streamed)!));
  // Other bodies are left as they are.
  const json = await app.request("/json");
  assert.match(await json.text(), new RegExp(CSP_NONCE_PLACEHOLDER));
});

Deno.test("a 304 carries no policy: the browser keeps the page's and its nonce", async () => {
  const res = await appWith().request("/unchanged");
  assert.equal(res.status, 304);
  assert.equal(res.headers.get("content-security-policy"), null);
});

Deno.test("the policy names the nonce with strict-dynamic and allows nothing else by default", async () => {
  const policy = (await appWith().request("/page")).headers.get("content-security-policy")!;
  assert.match(policy, /^default-src 'self'; script-src 'nonce-[\w+/=-]+' 'strict-dynamic'; /);
  assert.match(policy, /connect-src 'self' ws: wss:;/);
  assert.match(policy, /frame-ancestors 'none'/);
  assert.doesNotMatch(policy, /stripe|frame-src/);
});

Deno.test("blob storage and Stripe are allowed only when configured", async () => {
  const app = appWith({ blobOrigin: "http://127.0.0.1:9000/bucket", stripe: true });
  const policy = (await app.request("/page")).headers.get("content-security-policy")!;
  assert.match(policy, /img-src 'self' data: blob: http:\/\/127\.0\.0\.1:9000;/);
  assert.match(
    policy,
    /connect-src 'self' ws: wss: http:\/\/127\.0\.0\.1:9000 https:\/\/api\.stripe\.com;/,
  );
  assert.match(policy, /frame-src https:\/\/js\.stripe\.com https:\/\/hooks\.stripe\.com;/);
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
