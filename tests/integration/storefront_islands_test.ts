/**
 * Islands in a real browser: the islands are bundled, the storefront is served behind a
 * stand-in edge that swaps the nonce placeholder and sends a strict CSP, and headless
 * Chromium checks that AddToCart and SearchSuggest hydrate and work, with no console errors.
 * Screenshots go to tests/e2e/screenshots/.
 */
import assert from "node:assert/strict";
import { Registry } from "@marquee/metrics";
import { createUpstream } from "@marquee/resilience";
import { launchChromium } from "@marquee/testing";
import { bundleAssets, PROJECT_ROOT } from "@marquee/fresh/build";
import { createStorefront, memoryAssets } from "@marquee/fresh/server";
import { CSP_NONCE_PLACEHOLDER } from "../../edge/middleware/csp.ts";
import manifest from "../../fresh.gen.ts";

const SCREENSHOTS = `${PROJECT_ROOT}/tests/e2e/screenshots`;
const CREATOR = "7d3c6a4e-1f2b-4c5d-8e9f-0a1b2c3d4e5f";

function product(n: number, title: string, type: string, amount: number, cover: string | null) {
  return {
    id: `0b6f4f52-9d7e-4c3a-9b1f-6f0e1d2c3b${String(n).padStart(2, "0")}`,
    slug: title.toLowerCase().replaceAll(/[^a-z0-9]+/g, "-"),
    type,
    title,
    description: `${title}: everything you need, explained step by step.`,
    descriptionHtml:
      `<p>${title}: everything you need, explained <em>step by step</em>.</p><ul><li>Lifetime access</li><li>Downloadable files</li></ul>`,
    price: { amount, currency: "USD" },
    status: "published",
    creatorId: CREATOR,
    creatorName: "Ada Oscillator",
    category: "audio",
    tags: ["synth", "audio"],
    coverUrl: cover,
    capacity: type === "live_ticket" ? 50 : null,
    available: type === "live_ticket" ? 12 : null,
    createdAt: "2025-03-01T10:00:00.000Z",
    updatedAt: "2025-03-02T10:00:00.000Z",
    publishedAt: "2025-03-02T10:00:00.000Z",
  };
}

const PRODUCTS = [
  product(1, "Synth basics", "course", 1999, "/covers/1.svg"),
  product(2, "Synthwave sample pack", "asset", 1200, "/covers/2.svg"),
  product(3, "Modular patching live", "live_ticket", 2500, "/covers/3.svg"),
  product(4, "Mixing masterclass", "course", 4900, "/covers/4.svg"),
  product(5, "Plugin licence", "software", 8900, null),
  product(6, "Producers' club", "membership", 900, null),
];

function cover(n: string): string {
  const hue = (Number(n) * 67) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 70% 45%)"/><stop offset="1" stop-color="hsl(${
    hue + 60
  } 70% 30%)"/></linearGradient></defs><rect width="400" height="300" fill="url(#g)"/><circle cx="300" cy="90" r="60" fill="rgb(255 255 255 / 20%)"/></svg>`;
}

/** The catalog's answers, for both the pages (server side) and the browser (through the edge). */
function catalogAnswer(url: URL): Response {
  if (url.pathname === "/api/products") {
    const q = (url.searchParams.get("q") ?? "").toLowerCase();
    const limit = Number(url.searchParams.get("limit") ?? 24);
    const items = PRODUCTS.filter((p) => p.title.toLowerCase().includes(q)).slice(0, limit);
    return Response.json({ items, nextCursor: null });
  }
  const found = PRODUCTS.find((p) => url.pathname === `/api/products/${p.slug}`);
  if (found) return Response.json(found);
  // The product page's reviews island reads the list; these products have none yet.
  if (PRODUCTS.some((p) => url.pathname === `/api/products/${p.id}/reviews`)) {
    return Response.json({ summary: { count: 0, average: null }, items: [], nextCursor: null });
  }
  return Response.json({ title: "Not found", status: 404 }, { status: 404 });
}

/** Does what the edge does for pages: a fresh nonce per response and a strict CSP. */
async function withCsp(res: Response): Promise<Response> {
  if (!res.headers.get("content-type")?.startsWith("text/html")) return res;
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const html = (await res.text()).replaceAll(CSP_NONCE_PLACEHOLDER, nonce);
  const headers = new Headers(res.headers);
  headers.set(
    "content-security-policy",
    `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; ` +
      `base-uri 'none'; img-src 'self' data:; style-src 'self'; connect-src 'self'`,
  );
  return new Response(html, { status: res.status, headers });
}

/** A signed-in user of the stand-in users API. */
const USER = {
  id: CREATOR,
  email: "ada@example.test",
  displayName: "Ada Oscillator",
  bio: null,
  roles: ["buyer", "creator"],
};
const TOKEN = "header.payload.signature";

/** The users API's auth answers, enough for the session helper and the forms. */
async function authAnswer(req: Request, url: URL): Promise<Response> {
  const problem = (status: number, detail: string, extra: Record<string, unknown> = {}) =>
    Response.json({ type: "about:blank", title: detail, status, detail, ...extra }, {
      status,
      headers: { "content-type": "application/problem+json" },
    });
  const session = {
    accessToken: TOKEN,
    tokenType: "Bearer",
    expiresIn: 900,
    user: USER,
  };
  const cookie = "marquee_refresh=r1; HttpOnly; Path=/api/auth; SameSite=Strict";
  if (url.pathname === "/api/auth/login") {
    const body = await req.json();
    if (!body.email) {
      return problem(422, "Request validation failed", {
        errors: [{ field: "body.email", message: "Enter your email" }],
      });
    }
    if (body.password !== "correct horse") return problem(401, "Email or password is incorrect");
    return Response.json(session, { headers: { "set-cookie": cookie } });
  }
  if (url.pathname === "/api/auth/refresh") {
    if (!req.headers.get("cookie")?.includes("marquee_refresh=r1")) {
      return problem(401, "Refresh token is invalid, expired or revoked");
    }
    return Response.json(session, { headers: { "set-cookie": cookie } });
  }
  if (url.pathname === "/api/auth/logout") {
    return new Response(null, {
      status: 204,
      headers: { "set-cookie": "marquee_refresh=; Max-Age=0; Path=/api/auth" },
    });
  }
  if (url.pathname === "/api/me") {
    if (req.headers.get("authorization") !== `Bearer ${TOKEN}`) {
      return problem(401, "Not signed in");
    }
    return Response.json(USER);
  }
  return problem(404, "Not found");
}

interface Harness {
  origin: string;
  apiCalls: string[];
  page: import("playwright-core").Page;
  /** Console errors and warnings, and uncaught page errors. */
  problems: string[];
}

/** Bundles the islands, serves storefront and stand-in APIs behind a stand-in edge, opens Chromium. */
async function withBrowser(fn: (h: Harness) => Promise<void>) {
  const built = await bundleAssets({ root: PROJECT_ROOT });
  const catalogServer = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => catalogAnswer(new URL(req.url)),
  );
  const catalog = createUpstream({
    name: "catalog",
    baseUrl: `http://127.0.0.1:${catalogServer.addr.port}`,
    registry: new Registry(),
  });
  const storefront = createStorefront({
    manifest,
    api: { catalog },
    assets: memoryAssets(built.manifest, built.files),
    nonce: CSP_NONCE_PLACEHOLDER,
  });
  const apiCalls: string[] = [];
  const edge = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    if (url.pathname.startsWith("/api/auth/") || url.pathname === "/api/me") {
      apiCalls.push(url.pathname);
      return await authAnswer(req, url);
    }
    if (url.pathname === "/api/cart") {
      // The header's cart count reads the signed-in user's cart: an empty one here.
      apiCalls.push(url.pathname);
      return Response.json({ items: [], total: null });
    }
    if (url.pathname === "/api/notifications/preferences") {
      // The account page's notification switches: everything on.
      apiCalls.push(url.pathname);
      const on = { receipts: true, refunds: true, orderUpdates: true, liveAlerts: true };
      return Response.json({ email: on, inApp: on });
    }
    if (url.pathname.startsWith("/api/")) {
      apiCalls.push(url.pathname + url.search);
      return catalogAnswer(url);
    }
    const coverMatch = /^\/covers\/(\d+)\.svg$/.exec(url.pathname);
    if (coverMatch) {
      return new Response(cover(coverMatch[1]!), { headers: { "content-type": "image/svg+xml" } });
    }
    return await withCsp(await storefront.fetch(req));
  });
  const browser = await launchChromium();
  try {
    await Deno.mkdir(SCREENSHOTS, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error" || msg.type() === "warning") problems.push(msg.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await fn({ origin: `http://127.0.0.1:${edge.addr.port}`, apiCalls, page, problems });
  } finally {
    await browser.close();
    await edge.shutdown();
    catalog.close();
    await catalogServer.shutdown();
  }
}

Deno.test("islands hydrate in Chromium under a strict CSP: AddToCart and SearchSuggest", async () => {
  await withBrowser(async ({ origin, apiCalls, page, problems }) => {
    // Home page, for a look.
    await page.goto(origin + "/");
    await page.waitForSelector("h1");
    await page.screenshot({ path: `${SCREENSHOTS}/home.png`, fullPage: true });

    // AddToCart: disabled until hydrated, then counts into the guest cart cookie.
    await page.goto(`${origin}/products/${PRODUCTS[0]!.slug}`);
    const add = page.locator(".add-to-cart button");
    await add.waitFor();
    await page.waitForFunction(() =>
      !document.querySelector(".add-to-cart button")?.hasAttribute("disabled")
    );
    await add.click();
    await page.waitForFunction(() =>
      document.querySelector(".cart-status")?.textContent?.startsWith("1 item")
    );
    await add.click();
    await page.waitForFunction(() =>
      document.querySelector(".cart-status")?.textContent?.startsWith("2 items")
    );
    const cookie = (await page.context().cookies()).find((c) => c.name === "marquee_cart");
    assert.equal(cookie?.value, `${PRODUCTS[0]!.id}:2`);
    assert.equal(cookie?.sameSite, "Lax");
    await page.screenshot({ path: `${SCREENSHOTS}/product.png`, fullPage: true });
    await page.reload();
    await page.waitForFunction(() =>
      document.querySelector(".cart-status")?.textContent?.startsWith("2 items")
    );

    // SearchSuggest: debounced suggestions, keyboard choice, navigation.
    await page.goto(`${origin}/products`);
    const input = page.locator("#q");
    await input.click();
    await input.pressSequentially("syn", { delay: 30 });
    await page.locator("#q-suggestions [role=option]").first().waitFor();
    assert.equal(await input.getAttribute("aria-expanded"), "true");
    const titles = await page.locator("#q-suggestions [role=option] .suggestion-title")
      .allTextContents();
    assert.deepEqual(titles, ["Synth basics", "Synthwave sample pack"]);
    assert.ok(apiCalls.includes("/api/products?q=syn&limit=5"), apiCalls.join(" "));
    await input.press("ArrowDown");
    await input.press("ArrowDown");
    assert.equal(await input.getAttribute("aria-activedescendant"), "q-suggestions-1");
    assert.equal(
      await page.locator("#q-suggestions-1").getAttribute("aria-selected"),
      "true",
    );
    await page.screenshot({ path: `${SCREENSHOTS}/search_suggest.png` });
    await input.press("Escape");
    assert.equal(await input.getAttribute("aria-expanded"), "false");
    await input.press("ArrowDown");
    await Promise.all([page.waitForURL(`**/products/${PRODUCTS[0]!.slug}`), input.press("Enter")]);

    // Mobile width, for a look at the responsive layout.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${origin}/products?q=syn`);
    await page.screenshot({ path: `${SCREENSHOTS}/search_mobile.png`, fullPage: true });

    assert.deepEqual(problems, []);
    // Anonymous visitors never ask for a session.
    assert.ok(!apiCalls.some((p) => p.startsWith("/api/auth/")), apiCalls.join(" "));
  });
});

Deno.test("sign-in shows field errors, keeps the token in memory and fills the user menu", async () => {
  await withBrowser(async ({ origin, apiCalls, page, problems }) => {
    await page.goto(`${origin}/signin?next=/account`);
    const submit = page.locator("form.form button[type=submit]");
    await page.waitForFunction(() =>
      !document.querySelector("form.form button[type=submit]")?.hasAttribute("disabled")
    );

    // 422: the error sits next to its field and is tied to it.
    await submit.click();
    const emailError = page.locator("#signin-email-error");
    await emailError.waitFor();
    assert.equal(await emailError.textContent(), "Enter your email");
    const email = page.locator("#signin-email");
    assert.equal(await email.getAttribute("aria-invalid"), "true");
    assert.equal(await email.getAttribute("aria-describedby"), "signin-email-error");

    // 401: a form-wide alert.
    await email.fill(USER.email);
    await page.locator("#signin-password").fill("wrong password");
    await submit.click();
    await page.waitForFunction(() =>
      document.querySelector("[role=alert]")?.textContent === "Email or password is incorrect."
    );
    await page.screenshot({ path: `${SCREENSHOTS}/signin_error.png` });

    // Success: on to `next`, where the session is restored from the refresh cookie.
    await page.locator("#signin-password").fill("correct horse");
    await Promise.all([page.waitForURL("**/account"), submit.click()]);
    await page.locator("#account-name").waitFor();
    assert.equal(await page.locator("#account-name").inputValue(), USER.displayName);
    const menu = page.locator(".user-button");
    await menu.waitFor();
    assert.equal(await menu.textContent(), USER.displayName);
    assert.ok(apiCalls.includes("/api/auth/refresh") && apiCalls.includes("/api/me"));
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes(TOKEN), "the access token is never stored");
    await menu.click();
    assert.equal(await menu.getAttribute("aria-expanded"), "true");
    assert.ok(await page.locator("#user-menu-list a[href='/dashboard']").isVisible());
    await page.screenshot({ path: `${SCREENSHOTS}/account.png` });

    // The creator dashboard and the product editor load with the restored session.
    await page.goto(`${origin}/dashboard`);
    await page.locator("table.table tbody tr").first().waitFor();
    assert.ok(apiCalls.some((p) => p.startsWith("/api/products?mine=true")), apiCalls.join(" "));
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true });
    await page.goto(`${origin}/dashboard/products/new`);
    await page.locator("#product-title").waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/product_editor.png`, fullPage: true });
    await page.locator(".user-button").click();

    await Promise.all([
      page.waitForURL(`${origin}/`),
      page.locator("#user-menu-list button").click(),
    ]);
    await page.locator("a.sign-in").waitFor();
    assert.ok(apiCalls.includes("/api/auth/logout"));

    // The browser reports the expected 422 and 401 answers as failed loads; nothing else.
    const unexpected = problems.filter((p) => !/status of (401|422)/.test(p));
    assert.deepEqual(unexpected, []);
  });
});
