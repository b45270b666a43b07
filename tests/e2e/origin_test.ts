/**
 * The storefront works at whatever origin the browser used. The edge announces
 * `http://localhost:<port>`; the same creator journey (sign up, draft, cover and file
 * uploads, publish, the product page with its cover loaded) runs at `127.0.0.1` and at
 * `localhost`, on a desktop (1280x900) and a phone (390x844), with no Content-Security-Policy
 * violation or other console error. Embedded mode serves blobs through the edge (`/blobs`
 * paths); servers mode hands out presigned MinIO URLs whose origin the policy allows. A buyer
 * at `127.0.0.1` downloads a purchased file in embedded mode.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "@marquee/testing";
import { startJourneyPlatform, VIEWPORTS } from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 9700;
const PORT = 8000 + OFFSET;
const HOSTS = ["127.0.0.1", "localhost"] as const;
const SHOTS = new URL("./screenshots/", import.meta.url).pathname;

// A 2×2 PNG: a real image, as the cover check sniffs the bytes.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

const file = (name: string, mimeType: string, bytes: Uint8Array) => ({
  name,
  mimeType,
  buffer: Buffer.from(bytes),
});

/** Collects page errors, console errors (CSP violations among them) and failed requests. */
function watch(page: Page, errors: string[]) {
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  // Aborted requests are the page's own doing (a body cancelled, a download, a navigation).
  page.on("requestfailed", (r) => {
    const reason = r.failure()?.errorText ?? "";
    if (reason !== "net::ERR_ABORTED") errors.push(`failed: ${r.url()} ${reason}`);
  });
  page.on("response", (r) => {
    const blob = /\/blobs\/|\/cover$/.test(new URL(r.url()).pathname);
    if (blob && r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
}

/** Signs a new user up at `base`, as a creator when asked. */
async function signUp(page: Page, base: string, email: string, creator: boolean) {
  await page.goto(`${base}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(creator ? "Oona Origin" : "Bea Buyer");
  await page.getByLabel("Password").fill("any origin will do 2026");
  if (creator) await page.getByLabel(/sell products/).check();
  await page.getByRole("button", { name: /sign up|create account/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signup"));
}

/** The creator journey at `base`; answers the published product's slug and title. */
async function publishWithCover(page: Page, base: string, tag: string, fileBytes: Uint8Array) {
  const title = `Origin notes ${tag}`;
  await signUp(page, base, `origin-${tag}@example.com`, true);
  await page.goto(`${base}/dashboard/products/new`);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Type").selectOption("asset");
  await page.getByLabel("Price").fill("3");
  await page.getByLabel("Currency").selectOption("USD");
  await page.getByLabel("Description").fill("Notes that load from any host.");
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.waitForURL(/\/dashboard\/products\/[0-9a-f-]{36}$/);
  await page.locator("#product-cover").waitFor({ timeout: 15_000 });
  await page.setInputFiles("#product-cover", file("cover.png", "image/png", PNG));
  await page.getByText("Cover updated.").waitFor();
  const draftCover = page.getByRole("img", { name: `Cover of ${title}` });
  await draftCover.waitFor();
  assert.ok(await loaded(draftCover), "the draft's cover loads in the editor");
  await page.setInputFiles("#product-file", file("notes.txt", "text/plain", fileBytes));
  await page.getByText("Attached “notes.txt”.").waitFor();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByText("Published.", { exact: true }).waitFor();
  const id = page.url().split("/").pop()!;
  const product = await (await fetch(`${base}/api/products/${id}`)).json();
  return { title, slug: product.slug as string };
}

/** Whether an `<img>` finished loading a real picture. */
function loaded(img: ReturnType<Page["locator"]>): Promise<boolean> {
  return img.evaluate((node) => {
    const el = node as unknown as { complete: boolean; naturalWidth: number };
    return el.complete && el.naturalWidth > 0;
  });
}

function originSuite(mode: "embedded" | "servers") {
  Deno.test({
    name: `e2e (${mode}): covers, uploads and downloads work at 127.0.0.1 and at localhost`,
    ignore: !servers,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(t) {
      const platform = await startJourneyPlatform(OFFSET, {
        mode,
        env: { ...(mode === "embedded" ? { MARQUEE_DATA: await Deno.makeTempDir() } : {}) },
      });
      let browser: Browser | undefined;
      try {
        browser = await launchChromium();
        const run = crypto.randomUUID().slice(0, 6);
        const fileBytes = new TextEncoder().encode(`notes ${run}\n`.repeat(8));
        let sold: { title: string; slug: string } | undefined;
        for (const host of HOSTS) {
          for (const viewport of VIEWPORTS) {
            await t.step(`${host}, ${viewport.name}`, async () => {
              const base = `http://${host}:${PORT}`;
              const { width, height } = viewport;
              const context = await browser!.newContext({ viewport: { width, height } });
              const page = await context.newPage();
              const errors: string[] = [];
              watch(page, errors);
              try {
                const tag = `${run}-${host.replaceAll(".", "")}-${viewport.name}`;
                const product = await publishWithCover(page, base, tag, fileBytes);
                sold ??= product;
                await page.goto(`${base}/products/${product.slug}`);
                await page.getByRole("heading", { name: product.title, level: 1 }).waitFor();
                const cover = page.locator("main img").first();
                await cover.waitFor();
                assert.ok(await loaded(cover), `the cover loads at ${base}`);
                // A second view comes from the edge cache, filled at whichever host came first.
                await page.reload();
                assert.ok(await loaded(page.locator("main img").first()), "cached page's cover");
                await Deno.mkdir(SHOTS, { recursive: true });
                await page.screenshot({
                  path: `${SHOTS}origin_${mode}_${host}_${viewport.name}.png`,
                  fullPage: true,
                });
                assert.deepEqual(errors, []);
              } finally {
                await context.close();
              }
            });
          }
        }
        if (mode === "embedded" && sold) {
          await t.step("a buyer at 127.0.0.1 downloads the file", async () => {
            await buyAndDownload(browser!, `http://127.0.0.1:${PORT}`, sold!, run, fileBytes);
          });
        }
      } finally {
        await browser?.close();
        await platform.stop();
      }
    },
  });
}

/** A buyer signs up, pays for `product` and downloads its file from the library. */
async function buyAndDownload(
  browser: Browser,
  base: string,
  product: { title: string; slug: string },
  run: string,
  expected: Uint8Array,
) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  watch(page, errors);
  try {
    await signUp(page, base, `origin-buyer-${run}@example.com`, false);
    await page.goto(`${base}/products/${product.slug}`);
    await page.waitForSelector(".add-to-cart button:not([disabled])");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText(/1 item in your cart/).waitFor();
    await page.goto(`${base}/checkout`);
    await page.getByRole("heading", { name: "Order summary" }).waitFor();
    const visa = page.getByLabel("Visa ending 4242");
    if (await visa.count()) await visa.check();
    await page.getByRole("button", { name: /^Pay/ }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 60_000 });
    await page.goto(`${base}/library`);
    await page.getByRole("heading", { name: product.title }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download notes.txt" }).click(),
    ]);
    assert.deepEqual(new Uint8Array(await readFile((await download.path())!)), expected);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

originSuite("embedded");
originSuite("servers");
