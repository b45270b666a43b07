/**
 * The storefront rendered against a stand-in catalog over real HTTP: routing, layouts and
 * middlewares, error pages, product and search pages, cache headers, island markers with
 * safely serialized props, script nonces and static asset headers.
 */
import assert from "node:assert/strict";
import { h } from "preact";
import { createLogger } from "@marquee/log";
import { Registry } from "@marquee/metrics";
import { createUpstream, type Upstream } from "@marquee/resilience";
import type { Manifest, MiddlewareContext, PageProps, RouteContext } from "@marquee/fresh";
import {
  bundleAssets,
  manifestSource,
  PROJECT_ROOT,
  scanProject,
  writeAssets,
} from "@marquee/fresh/build";
import {
  createStorefront,
  IMMUTABLE,
  memoryAssets,
  PRIVATE_CACHE,
  PUBLIC_CACHE,
} from "@marquee/fresh/server";
import { CSP_NONCE_PLACEHOLDER } from "../../edge/middleware/csp.ts";
import routes from "../../fresh.gen.ts";

const CREATOR = "7d3c6a4e-1f2b-4c5d-8e9f-0a1b2c3d4e5f";
const XSS = `</script><script>alert("x")</script>"><img src=x onerror=alert(1)>\u2028&amp;`;

function product(overrides: Record<string, unknown> = {}) {
  return {
    id: "0b6f4f52-9d7e-4c3a-9b1f-6f0e1d2c3b4a",
    slug: "synth-basics",
    type: "course",
    title: "Synth basics",
    description: "Learn subtractive synthesis.",
    descriptionHtml: "<p>Learn <strong>subtractive</strong> synthesis.</p>",
    price: { amount: 1999, currency: "USD" },
    status: "published",
    creatorId: CREATOR,
    creatorName: "Ada Oscillator",
    category: "audio",
    tags: ["synth", "audio"],
    coverUrl: "http://127.0.0.1:9/covers/synth.webp",
    capacity: 10,
    available: 3,
    createdAt: "2025-03-01T10:00:00.000Z",
    updatedAt: "2025-03-02T10:00:00.000Z",
    publishedAt: "2025-03-02T10:00:00.000Z",
    ...overrides,
  };
}

const synth = product();
const xss = product({
  id: "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
  slug: "xss",
  title: XSS,
  capacity: null,
  available: null,
});

/** A stand-in catalog on a real loopback port, recording the paths it was asked for. */
function standInCatalog() {
  const seen: string[] = [];
  let failing = false;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    seen.push(url.pathname + url.search);
    if (failing) return new Response("down", { status: 500 });
    if (url.pathname === "/api/products") {
      const items = url.searchParams.get("q") === "xss" ? [xss] : [synth, xss];
      return Response.json({ items, nextCursor: "c_2" });
    }
    if (url.pathname === `/api/products/${synth.slug}`) return Response.json(synth);
    if (url.pathname === `/api/products/${xss.slug}`) return Response.json(xss);
    if (url.pathname === `/api/creators/${CREATOR}`) {
      return Response.json({
        creator: { id: CREATOR, displayName: "Ada Oscillator" },
        products: [synth],
      });
    }
    return Response.json({ title: "Not found", status: 404 }, { status: 404 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    seen,
    fail(on: boolean) {
      failing = on;
    },
    close: () => server.shutdown(),
  };
}

async function withStorefront(
  fn: (ctx: {
    request: (path: string, init?: RequestInit) => Promise<Response>;
    catalog: ReturnType<typeof standInCatalog>;
  }) => Promise<void>,
) {
  const catalog = standInCatalog();
  const upstream: Upstream = createUpstream({
    name: "catalog",
    baseUrl: catalog.url,
    registry: new Registry(),
    retries: 0,
  });
  const app = createStorefront({
    manifest: routes,
    api: { catalog: upstream },
    assets: null,
    nonce: CSP_NONCE_PLACEHOLDER,
  });
  try {
    await fn({ request: async (path, init) => await app.request(path, init), catalog });
  } finally {
    upstream.close();
    await catalog.close();
  }
}

/** The `data-props` of each island marker in `html`, parsed as a browser would read them. */
function islandProps(html: string): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  for (const m of html.matchAll(/<marquee-island data-name="(\w+)" data-props="([^"]*)">/g)) {
    const text = m[2]!.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">")
      .replaceAll("&amp;", "&");
    found.set(m[1]!, JSON.parse(text));
  }
  return found;
}

function assertScriptsCarryNonce(html: string) {
  const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  for (const tag of scripts) assert.ok(tag.includes(`nonce="${CSP_NONCE_PLACEHOLDER}"`), tag);
  // Attribute values hold no raw quotes, so blanking them leaves only markup to inspect.
  const markup = html.replace(/"[^"]*"/g, '""');
  assert.doesNotMatch(markup, /<[^>]+\son[a-z]+\s*=/i, "no inline event handlers");
}

Deno.test("the product page shows the product and is public with purge tags", async () => {
  await withStorefront(async ({ request }) => {
    const res = await request(`/products/${synth.slug}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), PUBLIC_CACHE);
    assert.equal(
      res.headers.get("x-cache-tags"),
      `product:${synth.slug},product:${synth.id},creator:${CREATOR}`,
    );
    const html = await res.text();
    assert.match(html, /^<!DOCTYPE html><html lang="en">/);
    assert.match(html, /<title>Synth basics · Marquee<\/title>/);
    assert.match(html, /<h1>Synth basics<\/h1>/);
    assert.match(html, /\$19\.99/);
    assert.match(html, /3 of 10 left/);
    assert.match(html, new RegExp(`href="/creators/${CREATOR}">Ada Oscillator</a>`));
    assert.match(html, /<p>Learn <strong>subtractive<\/strong> synthesis\.<\/p>/);
    assert.match(html, /alt="Cover of Synth basics"/);
    assert.deepEqual(islandProps(html).get("AddToCart"), {
      productId: synth.id,
      title: "Synth basics",
      type: "course",
      available: 3,
      price: { amount: 1999, currency: "USD" },
      payWhatYouWant: null,
    });
    assert.match(html, /<main id="main"/);
    assertScriptsCarryNonce(html);
  });
});

Deno.test("a product the catalog does not know gets the 404 page, never cached", async () => {
  await withStorefront(async ({ request }) => {
    const res = await request("/products/no-such-thing");
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("cache-control"), PRIVATE_CACHE);
    assert.match(await res.text(), /We could not find that page/);
    const unknown = await request("/no/such/page");
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /We could not find that page/);
  });
});

Deno.test("a failing catalog gets the 500 page without the error's details", async () => {
  await withStorefront(async ({ request, catalog }) => {
    catalog.fail(true);
    const res = await request("/");
    assert.equal(res.status, 500);
    assert.equal(res.headers.get("cache-control"), PRIVATE_CACHE);
    const html = await res.text();
    assert.match(html, /Something went wrong/);
    assert.doesNotMatch(html, /status 500|Catalog answered/);
  });
});

Deno.test("search works without JavaScript: a GET form, results and a next-page link", async () => {
  await withStorefront(async ({ request, catalog }) => {
    const res = await request("/products?q=synth&type=course&minPrice=5&sort=price_asc");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), PUBLIC_CACHE);
    assert.equal(res.headers.get("x-cache-tags"), "catalog");
    const html = await res.text();
    assert.match(html, /<form class="filters" role="search" action="\/products" method="get"/);
    // Every control has a label.
    for (const m of html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)) {
      assert.match(html, new RegExp(`<label for="${m[1]}"`), `label for "${m[1]}"`);
    }
    assert.match(html, /value="synth"/);
    assert.match(html, /<option\s+value="course"\s+selected>/);
    assert.match(html, /href="\/products\/synth-basics">Synth basics<\/a>/);
    assert.match(
      html,
      /<a rel="next" href="\/products\?q=synth&amp;type=course&amp;minPrice=5&amp;sort=price_asc&amp;cursor=c_2">Next page<\/a>/,
    );
    const asked = catalog.seen.find((p) => p.startsWith("/api/products?"))!;
    const params = new URL(asked, "http://x").searchParams;
    assert.equal(params.get("q"), "synth");
    assert.equal(params.get("minPrice"), "500");
    assert.equal(params.get("sort"), "price_asc");
  });
});

Deno.test("an XSS payload in a title stays text in the page and in island props", async () => {
  await withStorefront(async ({ request }) => {
    for (const path of ["/products/xss", "/products?q=xss"]) {
      const html = await (await request(path)).text();
      assert.doesNotMatch(html, /<script>alert/);
      assert.doesNotMatch(html, /<img src=x/);
      assertScriptsCarryNonce(html);
    }
    const html = await (await request("/products/xss")).text();
    const marker = /data-name="AddToCart" data-props="([^"]*)"/.exec(html)![1]!;
    assert.doesNotMatch(marker, /[<>\u2028]/);
    assert.equal(islandProps(html).get("AddToCart")!.title, XSS);
  });
});

Deno.test("creator pages are public with the creator's tag; personal pages are private", async () => {
  await withStorefront(async ({ request }) => {
    const res = await request(`/creators/${CREATOR}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-cache-tags"), `creator:${CREATOR},catalog`);
    assert.match(await res.text(), /<h1>Ada Oscillator<\/h1>/);
    for (
      const path of ["/signin", "/signup", "/account", "/dashboard", "/dashboard/products/new"]
    ) {
      const page = await request(path);
      assert.equal(page.status, 200, path);
      assert.equal(page.headers.get("cache-control"), PRIVATE_CACHE, path);
      assert.equal(page.headers.get("x-cache-tags"), null, path);
      await page.body?.cancel();
    }
    const signin = await (await request("/signin?next=//evil.example")).text();
    assert.deepEqual(islandProps(signin).get("SignInForm"), { next: "/" });
    // Between sign-up and sign-in, both ways, `next` is carried on.
    const signup = await (await request("/signup?next=%2Fcheckout")).text();
    assert.match(signup, /href="\/signin\?next=%2Fcheckout">Sign in<\/a>/);
    const back = await (await request("/signin?next=%2Fcheckout")).text();
    assert.match(back, /href="\/signup\?next=%2Fcheckout">Create an account<\/a>/);
  });
});

Deno.test("routes: specific before dynamic, layouts and middlewares nest by folder", async () => {
  const trail = (ctx: MiddlewareContext) => (ctx.state.trail ??= []) as string[];
  const layout = (name: string) => ({ Component }: { Component: () => unknown }) =>
    h("div", { "data-layout": name }, h(Component as () => null, null));
  const page = (name: string) => ({ params, state }: PageProps) =>
    h("p", null, `${name} ${new URLSearchParams(params)} ${(state.trail as string[]).join(">")}`);
  const manifest: Manifest = {
    routes: {
      "./routes/_app.tsx": {
        default: ({ Component }: { Component: () => null }) =>
          h("html", null, h("head", null), h("body", null, h(Component, null))),
      },
      "./routes/_layout.tsx": { default: layout("root") },
      "./routes/_middleware.ts": {
        handler: async (ctx: MiddlewareContext) => {
          trail(ctx).push("root");
          const res = await ctx.next();
          res.headers.set("x-after", trail(ctx).join(">"));
          return res;
        },
      },
      "./routes/shop/_layout.tsx": { default: layout("shop") },
      "./routes/shop/_middleware.ts": {
        handler: [(ctx: MiddlewareContext) => {
          trail(ctx).push("shop");
          return ctx.next();
        }, (ctx: MiddlewareContext) => {
          trail(ctx).push("shop2");
          return ctx.next();
        }],
      },
      "./routes/shop/[id].tsx": { default: page("item") },
      "./routes/shop/featured.tsx": { default: page("featured") },
      "./routes/shop/(promo)/sale.tsx": { default: page("sale") },
      "./routes/(_components)/Widget.tsx": { default: page("never") },
      "./routes/docs/[...path].tsx": { default: page("docs") },
      "./routes/form.tsx": {
        default: ({ data }: PageProps<string>) => h("p", null, data),
        handler: {
          POST: (ctx: RouteContext<string>) => ctx.render("posted", { status: 201 }),
        },
      },
      "./routes/boom.tsx": {
        handler: () => {
          throw new Error("secret failure detail");
        },
      },
      "./routes/_500.tsx": { default: () => h("h1", null, "Custom error") },
      "./routes/_404.tsx": { default: () => h("h1", null, "Custom missing") },
    },
    islands: {},
  };
  const app = createStorefront({ api: { catalog: null! }, manifest, assets: null });
  const text = async (path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    return { res, html: await res.text() };
  };

  let { res, html } = await text("/shop/42");
  assert.equal(res.status, 200);
  assert.match(
    html,
    /<div data-layout="root"><div data-layout="shop"><p>item id=42 root>shop>shop2<\/p>/,
  );
  assert.equal(res.headers.get("x-after"), "root>shop>shop2");

  ({ html } = await text("/shop/featured"));
  assert.match(html, /featured {2}root/);
  ({ html } = await text("/shop/sale"));
  assert.match(html, /<div data-layout="shop"><p>sale/);
  ({ html } = await text("/docs/a/b%20c"));
  assert.match(html, /docs path=a%2Fb\+c /);

  ({ res, html } = await text("/form", { method: "POST" }));
  assert.equal(res.status, 201);
  assert.match(html, /<p>posted<\/p>/);
  ({ res } = await text("/form", { method: "DELETE" }));
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "POST, GET");

  ({ res, html } = await text("/Widget"));
  assert.equal(res.status, 404);
  assert.match(html, /<div data-layout="root"><h1>Custom missing<\/h1>/);
  assert.equal(res.headers.get("x-after"), "root", "root middleware runs for unknown paths");

  ({ res, html } = await text("/boom"));
  assert.equal(res.status, 500);
  assert.match(html, /Custom error/);
  assert.doesNotMatch(html, /secret failure detail/);
});

Deno.test("built assets are immutable; the static folder serves only safe names", async () => {
  const built = await bundleAssets({ root: PROJECT_ROOT });
  const dir = await Deno.makeTempDir({ prefix: "marquee-static-" });
  try {
    await writeAssets(`${dir}/_fresh`, built);
    await Deno.writeTextFile(`${dir}/logo-0123456789.svg`, "<svg/>");
    await Deno.writeTextFile(`${dir}/robots.txt`, "User-agent: *");
    const fromDisk = createStorefront({
      manifest: routes,
      api: { catalog: null! },
      staticDir: dir,
    });
    const inMemory = createStorefront({
      manifest: routes,
      api: { catalog: null! },
      assets: memoryAssets(built.manifest, built.files),
    });
    for (const app of [fromDisk, inMemory]) {
      const island = built.manifest.islands.AddToCart!.file;
      assert.match(island, /^AddToCart-[0-9a-f]{10}\.js$/);
      for (const file of [island, built.manifest.client.file, ...built.manifest.client.imports]) {
        const res = await app.request(`/_fresh/${file}`);
        assert.equal(res.status, 200, file);
        assert.equal(res.headers.get("cache-control"), IMMUTABLE);
        assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8");
        await res.body?.cancel();
      }
      const css = await app.request(`/_fresh/${built.manifest.styles}`);
      assert.equal(css.headers.get("cache-control"), IMMUTABLE);
      assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
      await css.body?.cancel();
      for (const path of ["/_fresh/manifest.json", "/_fresh/nope.js", "/_fresh/..%2Fdeno.json"]) {
        const res = await app.request(path);
        assert.equal(res.status, 404, path);
        await res.body?.cancel();
      }
    }
    const hashed = await fromDisk.request("/static/logo-0123456789.svg");
    assert.equal(hashed.headers.get("cache-control"), IMMUTABLE);
    assert.equal(await hashed.text(), "<svg/>");
    const plain = await fromDisk.request("/static/robots.txt");
    assert.equal(plain.headers.get("cache-control"), "public, max-age=300");
    await plain.body?.cancel();
    for (
      const path of [
        "/static/../deno.json",
        "/static/%2e%2e/deno.json",
        "/static/_fresh/manifest.json",
      ]
    ) {
      const res = await fromDisk.request(path);
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fresh.gen.ts matches routes/ and islands/ (run `deno task build` if not)", async () => {
  const expected = manifestSource(await scanProject({ root: PROJECT_ROOT }));
  assert.equal(await Deno.readTextFile(`${PROJECT_ROOT}/fresh.gen.ts`), expected);
});

Deno.test("without a build on disk the storefront bundles the islands in memory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "marquee-static-" });
  const lines: string[] = [];
  const logger = createLogger({ service: "storefront", sink: (line) => lines.push(line) });
  try {
    const app = createStorefront({
      manifest: routes,
      api: { catalog: null! },
      staticDir: dir,
      logger,
    });
    const html = await (await app.request("/signin")).text();
    const client = /import\{boot\}from"\/_fresh\/(client-[0-9a-f]{10}\.js)"/.exec(html)?.[1];
    assert.ok(client, "the page boots its islands");
    const res = await app.request(`/_fresh/${client}`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /querySelectorAll/);
    assert.ok(lines.some((line) => line.includes("bundling them in memory")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
