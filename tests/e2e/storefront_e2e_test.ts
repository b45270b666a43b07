/**
 * The storefront end to end, in headless Chromium against the whole platform in servers
 * mode (real PostgreSQL, Kafka, Redis behind the Upstash REST endpoint, MinIO): a creator
 * signs up, creates and publishes a product with a cover; a buyer finds it by search and
 * opens it; after the creator changes the price the cached page shows the new price within
 * seconds, which only the purge can do (pages are cached for a minute).
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Browser } from "playwright-core";
import { eventually, fetchOnNewConnection, launchChromium } from "@marquee/testing";
import { screenshotter, startJourneyPlatform } from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 2000;
const BASE = `http://localhost:${8000 + OFFSET}`;

// A 2×2 PNG, enough for a real upload through a presigned PUT.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

const shot = screenshotter("e2e");

Deno.test({
  name: "e2e: creator publishes with a cover, buyer finds it, a price edit shows up at once",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // Many tests sign in from 127.0.0.1 within the same minute; the limiter stays on the
    // path with a budget this one flow cannot exhaust alone.
    // The edge runs as in its container: two isolates on one port, each with its own cache.
    const platform = await startJourneyPlatform(OFFSET, { env: { EDGE_WORKERS: "2" } });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const word = `zither${crypto.randomUUID().slice(0, 6)}`;
      const title = `Learn the ${word} in a weekend`;
      const errors: string[] = [];

      // The creator.
      const creator = await (await browser.newContext()).newPage();
      creator.on("pageerror", (e) => errors.push(e.message));
      creator.on("console", (m) => m.type() === "error" && console.log(`[creator] ${m.text()}`));
      creator.on(
        "response",
        (r) => r.status() >= 400 && console.log(`[creator] ${r.status()} ${r.url()}`),
      );
      await creator.goto(`${BASE}/signup`);
      await creator.getByLabel("Email").fill(`${word}@example.com`);
      await creator.getByLabel("Display name").fill("Zoe Zither");
      await creator.getByLabel("Password").fill("strings and frets 2026");
      await creator.getByLabel(/sell products/).check();
      await creator.getByRole("button", { name: /sign up|create account/i }).click();
      await creator.waitForURL(/\/dashboard/);
      await creator.getByRole("link", { name: "New product" }).first().click();
      await creator.waitForURL(/\/dashboard\/products\/new/);
      await creator.getByLabel("Title").fill(title);
      await creator.getByLabel("Type").selectOption("course");
      await creator.getByLabel("Price").fill("19.99");
      await creator.getByLabel("Currency").selectOption("USD");
      await creator.getByLabel("Category").selectOption({ label: "Music" });
      await creator.getByLabel("Description").fill(`A **${word}** course.`);
      await creator.getByRole("button", { name: "Create draft" }).click();
      await creator.waitForURL(/\/dashboard\/products\/[0-9a-f-]{36}$/);
      const productId = creator.url().split("/").pop()!;
      await creator.locator("#product-cover").waitFor({ timeout: 15_000 }).catch(async (e) => {
        await shot(creator, "editor_failed");
        throw e;
      });
      await creator.setInputFiles("#product-cover", {
        name: "cover.png",
        mimeType: "image/png",
        buffer: Buffer.from(PNG),
      });
      await eventually(
        async () => {
          const res = await fetch(`${BASE}/api/products/${productId}/cover`, {
            redirect: "manual",
          });
          await res.body?.cancel();
          return res.status === 302 || res.status === 404;
        },
        15_000,
        "cover stored",
      );
      await creator.getByRole("button", { name: "Publish" }).click();
      await creator.getByText("Published.", { exact: true }).waitFor();
      await shot(creator, "editor");

      const product = await (await fetch(`${BASE}/api/products/${productId}`)).json();
      assert.equal(product.status, "published");
      assert.ok(product.coverUrl, `the product has a cover: ${JSON.stringify(product)}`);

      // The creator sees it on the storefront, cover loaded.
      await creator.goto(`${BASE}/products/${product.slug}`);
      await creator.getByRole("heading", { name: title }).waitFor();
      const coverLoaded = await creator.locator("main img").first().evaluate((node) => {
        const img = node as unknown as { complete: boolean; naturalWidth: number };
        return img.complete && img.naturalWidth > 0;
      });
      assert.ok(coverLoaded, "the cover image loaded from the blob store");

      // The buyer finds it by search and opens it.
      const buyer = await (await browser.newContext()).newPage();
      buyer.on("pageerror", (e) => errors.push(e.message));
      await buyer.goto(`${BASE}/products?q=${word}`);
      await buyer.getByRole("link", { name: title }).first().click();
      await buyer.waitForURL(new RegExp(`/products/${product.slug}$`));
      await buyer.getByText("$19.99").first().waitFor();
      await shot(buyer, "product_before");

      // The page is now cached at the edge, by every isolate: each new connection may land
      // on either one.
      const pricesOnNewConnections = () =>
        freshConnectionTexts(`${BASE}/products/${product.slug}`, 24);
      for (const text of await pricesOnNewConnections()) assert.match(text, /\$19\.99/);
      const cached = await fetch(`${BASE}/products/${product.slug}`);
      await cached.body?.cancel();
      assert.match(cached.headers.get("x-cache") ?? "", /HIT|STALE/);

      // The creator changes the price; the buyer's next load shows it within seconds.
      await creator.goto(`${BASE}/dashboard/products/${productId}`);
      await creator.getByLabel("Price").fill("24.99");
      await creator.getByRole("button", { name: "Save changes" }).click();
      await creator.getByText(/saved/i).first().waitFor();
      const started = Date.now();
      await eventually(
        async () => {
          await buyer.reload();
          return (await buyer.getByText("$24.99").count()) > 0;
        },
        15_000,
        "new price on the cached page",
      );
      const purgeSeconds = (Date.now() - started) / 1000;
      // Every isolate purged its copy: no connection gets the old price.
      await eventually(
        async () => (await pricesOnNewConnections()).every((text) => text.includes("$24.99")),
        10_000,
        "new price from every edge isolate",
      );
      await shot(buyer, "product_after");
      console.log(`Price change visible after ${purgeSeconds.toFixed(1)} s`);
      assert.deepEqual(errors, []);
    } finally {
      await browser?.close();
      await platform.stop();
    }
  },
});

/** The page's text fetched `n` times, each over a new connection. */
async function freshConnectionTexts(url: string, n: number): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < n; i++) texts.push(await (await fetchOnNewConnection(url)).text());
  return texts;
}
