/**
 * Every page of the storefront (the help and legal pages, the account pages, the dashboard
 * with sales, an order and discounts, the live pages and the studio), reached as a visitor, a buyer and a creator would, at both
 * `127.0.0.1` and `localhost` (the edge announces `localhost`), on a desktop (1280x900) and at
 * 360 px, in headless Chromium against the whole platform in servers mode. On each page:
 * - it does not scroll sideways;
 * - every image loads (covers come from MinIO by presigned URL or the cover redirect);
 * - no console error (a Content-Security-Policy violation among them) and no failed request;
 * - axe-core finds no serious or critical accessibility violation.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { assertAccessible, eventually, launchChromium } from "@marquee/testing";
import { startJourneyPlatform } from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 10600;
const PORT = 8000 + OFFSET;
const API = `http://localhost:${PORT}`;
const HOSTS = ["127.0.0.1", "localhost"] as const;
const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "360", width: 360, height: 740 },
] as const;
const SHOTS = new URL("./screenshots/", import.meta.url).pathname;
const PASSWORD = "every page is checked 2026";

// A 2×2 PNG: a real image, as the cover check sniffs the bytes.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${API}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  assert.ok(res.ok, `${path}: ${res.status} ${text}`);
  return body;
}

async function register(email: string, displayName: string, role?: "creator") {
  await api("/api/auth/register", {
    body: { email, password: PASSWORD, displayName, ...(role ? { role } : {}) },
  });
  return (await api("/api/auth/login", { body: { email, password: PASSWORD } }))
    .accessToken as string;
}

/** Uploads `bytes` with a presigned request the catalog handed out. */
async function put(
  upload: { url: string; method: string; headers: Record<string, string> },
  bytes: Uint8Array<ArrayBuffer>,
) {
  const url = new URL(upload.url, API);
  const res = await fetch(url, { method: upload.method, headers: upload.headers, body: bytes });
  assert.ok(res.ok, `upload: ${res.status} ${await res.text()}`);
}

/** A published product with a cover and a confirmed file, made through the API. */
async function publish(token: string, title: string, type: string) {
  const product = await api("/api/products", {
    token,
    body: {
      title,
      type,
      price: { amount: 1200, currency: "USD" },
      category: "music",
      tags: ["sweep"],
      description: "## What you get\n\nEverything a page needs to be checked.",
    },
  });
  const cover = await api(`/api/products/${product.id}/cover-upload`, {
    token,
    body: { contentType: "image/png", size: PNG.length },
  });
  await put(cover.upload, PNG);
  await api(`/api/products/${product.id}`, {
    token,
    method: "PATCH",
    body: { coverKey: cover.key },
  });
  const bytes = new TextEncoder().encode("the notes, in full\n");
  const file = await api(`/api/products/${product.id}/files`, {
    token,
    body: { name: "notes.txt", size: bytes.length, contentType: "text/plain" },
  });
  await put(file.upload, bytes);
  await api(`/api/products/${product.id}/files/${file.file.id}/confirm`, { token, method: "POST" });
  const published = await api(`/api/products/${product.id}/publish`, { token, method: "POST" });
  return { id: product.id as string, slug: published.slug as string, creatorId: product.creatorId };
}

/** Collects page errors, console errors (CSP violations among them) and failed requests. */
function watch(page: Page, errors: string[]) {
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // A 404 page's own status is logged by Chromium as a failed resource load.
    if (m.type() === "error" && !/status of 404/.test(m.text())) {
      errors.push(`console: ${m.text()}`);
    }
  });
  page.on("requestfailed", (r) => {
    const reason = r.failure()?.errorText ?? "";
    if (reason !== "net::ERR_ABORTED") errors.push(`failed: ${r.url()} ${reason}`);
  });
}

/** Checks the page as it is now: width, images, accessibility; then takes its picture. */
async function check(page: Page, errors: string[], what: string, shot: string | null) {
  await page.waitForLoadState("load");
  // Islands fetch their data after load; give them a moment to settle.
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
  const { scrollWidth, innerWidth, brokenImages } = await page.evaluate<
    { scrollWidth: number; innerWidth: number; brokenImages: string[] }
  >(`({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    brokenImages: [...document.images]
      .filter((img) => img.complete && img.naturalWidth === 0)
      .map((img) => img.currentSrc || img.src),
  })`);
  assert.ok(scrollWidth <= innerWidth, `${what}: ${scrollWidth} px wide in ${innerWidth} px`);
  assert.deepEqual(brokenImages, [], `${what}: images that did not load`);
  await assertAccessible(page, what);
  assert.deepEqual(errors, [], what);
  if (shot) {
    await Deno.mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}sweep_${shot}.png`, fullPage: true });
  }
}

async function signIn(page: Page, base: string, email: string, next: string) {
  await page.goto(`${base}/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}${next}`);
}

Deno.test({
  name: "e2e: every page fits, loads its images and passes axe at 127.0.0.1 and localhost",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const platform = await startJourneyPlatform(OFFSET);
    let browser: Browser | undefined;
    try {
      const tag = crypto.randomUUID().slice(0, 8);
      const creatorEmail = `sweep-creator-${tag}@example.com`;
      const buyerEmail = `sweep-buyer-${tag}@example.com`;
      const creator = await register(creatorEmail, "Sam Sweep", "creator");
      await register(buyerEmail, "Bo Buyer");
      const bought = await publish(creator, `Sweep notes ${tag}`, "asset");
      const other = await publish(creator, `Sweep samples ${tag}`, "asset");
      const { stream } = await api("/api/streams", {
        token: creator,
        body: {
          title: `Sweep session ${tag}`,
          scheduledStart: new Date(Date.now() + 2 * 3600_000).toISOString(),
        },
      });
      await eventually(
        async () => (await api(`/api/products?q=${tag}`)).items.length === 2,
        30_000,
        "the products are searchable",
      );
      browser = await launchChromium();
      let orderPath: string | undefined;

      for (const host of HOSTS) {
        for (const viewport of VIEWPORTS) {
          const base = `http://${host}:${PORT}`;
          const label = `${host} ${viewport.name}`;
          // Pictures at 127.0.0.1, the host the edge does not announce.
          const shotOf = (name: string) => host === "127.0.0.1" ? `${viewport.name}_${name}` : null;
          await t.step(label, async () => {
            const context = await browser!.newContext({
              viewport: { width: viewport.width, height: viewport.height },
            });
            const page = await context.newPage();
            const errors: string[] = [];
            watch(page, errors);
            const visit = async (path: string, name: string, ready: () => Promise<unknown>) => {
              await page.goto(`${base}${path}`);
              await ready();
              await check(page, errors, `${label} ${path}`, shotOf(name));
            };
            const heading = (name: string | RegExp) => () =>
              page.getByRole("heading", { name, level: 1 }).waitFor();
            try {
              // A visitor.
              await visit("/", "home", () => page.locator(".product-grid .card").first().waitFor());
              await visit("/products", "browse", heading(/./));
              await visit(
                `/products?q=${tag}`,
                "search",
                () => page.getByRole("link", { name: `Sweep notes ${tag}` }).first().waitFor(),
              );
              await visit(`/products/${other.slug}`, "product", heading(`Sweep samples ${tag}`));
              await visit(`/creators/${other.creatorId}`, "creator", heading("Sam Sweep"));
              await visit("/live", "live", heading("Watch creators live"));
              await visit(`/live/${stream.id}`, "stream", heading(`Sweep session ${tag}`));
              await visit("/no-such-page", "not_found", heading(/./));
              await visit("/signup", "signup", () => page.getByLabel("Password").waitFor());
              await visit("/signin", "signin", () => page.getByLabel("Password").waitFor());
              await visit("/forgot-password", "forgot", () => page.getByLabel("Email").waitFor());
              await visit("/reset-password", "reset", heading(/./));
              await visit("/verify-email", "verify", heading(/./));
              for (const path of ["/help", "/terms", "/privacy"]) {
                await visit(path, path.slice(1), heading(/./));
              }
              await visit(`/products/${other.slug}`, "product", heading(`Sweep samples ${tag}`));
              await page.getByRole("button", { name: "Add to cart" }).click();
              await page.getByText(/^1 item in your cart/).waitFor();
              await visit(
                "/cart",
                "cart",
                () => page.getByRole("link", { name: "Checkout", exact: true }).waitFor(),
              );

              // The buyer: the first pass buys a product through checkout.
              await signIn(page, base, buyerEmail, "/checkout");
              await page.getByRole("button", { name: /^Pay / }).waitFor();
              await check(page, errors, `${label} /checkout`, shotOf("checkout"));
              if (!orderPath) {
                await page.goto(`${base}/products/${bought.slug}`);
                await page.getByRole("button", { name: "Add to cart" }).click();
                await page.getByText(/^2 items in your cart/).waitFor();
                await page.goto(`${base}/cart`);
                await page.getByLabel(`Quantity of Sweep samples ${tag}`).waitFor();
                const remove = page.getByRole("button", { name: `Remove Sweep samples ${tag}` });
                await remove.click();
                await remove.waitFor({ state: "detached" });
                await page.goto(`${base}/checkout`);
                await page.getByLabel("Visa ending 4242").check();
                await page.getByRole("button", { name: "Pay $12.00" }).click();
                await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
                await page.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 200_000 });
                orderPath = new URL(page.url()).pathname;
              }
              await visit(
                orderPath,
                "order",
                () => page.getByRole("heading", { name: "Complete" }).waitFor(),
              );
              await visit(
                "/orders",
                "orders",
                () => page.getByRole("link", { name: `Sweep notes ${tag}` }).first().waitFor(),
              );
              await visit(
                "/library",
                "library",
                () => page.getByText(`Sweep notes ${tag}`).first().waitFor(),
              );
              await visit("/account", "account", heading(/./));
              await visit("/welcome", "welcome", heading(/./));
              await visit(
                `/products/${bought.slug}`,
                "owned",
                () => page.getByRole("link", { name: "In your library" }).waitFor(),
              );
              await page.getByRole("button", { name: "Bo Buyer" }).click();
              await page.getByRole("button", { name: "Sign out" }).click();
              await page.locator("header .sign-in").waitFor();

              // The creator.
              await signIn(page, base, creatorEmail, "/dashboard");
              await check(page, errors, `${label} /dashboard`, shotOf("dashboard"));
              await visit(
                "/dashboard/products/new",
                "editor_new",
                () => page.getByLabel("Title").waitFor(),
              );
              await visit(
                `/dashboard/products/${other.id}`,
                "editor",
                () => page.getByLabel("Title").waitFor(),
              );
              await visit(
                "/dashboard/sales",
                "sales",
                () => page.getByText("Bo Buyer").first().waitFor(),
              );
              await visit(
                `/dashboard/sales/${orderPath!.split("/").pop()}`,
                "sale",
                () => page.getByText(`Sweep notes ${tag}`).first().waitFor(),
              );
              await visit("/dashboard/discounts", "discounts", heading(/./));
              await visit("/dashboard/welcome", "creator_welcome", heading(/./));
              await visit(
                "/studio",
                "studio",
                () => page.getByText(`Sweep session ${tag}`).waitFor(),
              );
              await visit(
                `/studio/${stream.id}`,
                "control_room",
                () => page.getByTestId("stream-status").filter({ hasText: "Scheduled" }).waitFor(),
              );
            } catch (error) {
              await Deno.mkdir(SHOTS, { recursive: true });
              await page.screenshot({
                path: `${SHOTS}sweep_${host}_${viewport.name}_failed.png`,
                fullPage: true,
              }).catch(() => {});
              throw error;
            } finally {
              await context.close();
            }
          });
        }
      }
    } finally {
      await browser?.close();
      await platform.stop();
    }
  },
});
