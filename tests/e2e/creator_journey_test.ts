/**
 * A creator's software product end to end, through the pages only, in headless Chromium
 * against the whole platform in servers mode: a new creator starts a software draft, is told
 * what publishing lacks, attaches two files and removes one, adds licence keys by pasting and
 * by uploading a CSV list (the count and a low-stock warning show), has a text file named
 * .png refused as a cover, uploads a real cover and publishes. A buyer on a phone buys it with
 * Stripe's Visa test card and finds the file and a licence key in the library. The editor is
 * checked at desktop (1280x900) and mobile (390x844) sizes, the buyer at both.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { answersOk, eventually, launchChromium } from "@marquee/testing";
import { screenshotter, scrollsSideways, startJourneyPlatform, watch } from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 9600;
const BASE = `http://localhost:${8000 + OFFSET}`;
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 390, height: 844 };
const CHECKOUT_SERVICES = [
  ["orders", 8103],
  ["payments", 8104],
  ["subscriptions", 8105],
  ["notifications", 8106],
] as const;

// A 2×2 PNG: a real image, as the cover check sniffs the bytes.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

const shot = screenshotter("creator");

const file = (name: string, mimeType: string, text: string | Uint8Array) => ({
  name,
  mimeType,
  buffer: Buffer.from(typeof text === "string" ? new TextEncoder().encode(text) : text),
});

Deno.test({
  name: "e2e: a creator sells software with files and licence keys; a buyer gets a key",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const platform = await startJourneyPlatform(OFFSET, {
      env: {
        // A rebalance of the shared consumer groups must not read as a payment never answered.
        PAYMENT_TIMEOUT_MS: "180000",
      },
    });
    let browser: Browser | undefined;
    let current: Page | undefined;
    const errors: string[] = [];
    try {
      for (const [name, port] of CHECKOUT_SERVICES) {
        await eventually(
          () => answersOk(`http://127.0.0.1:${port + OFFSET}/health/ready`),
          120_000,
          `${name} ready`,
        );
      }
      browser = await launchChromium();
      const tag = crypto.randomUUID().slice(0, 8);
      const title = `Pixel Forge ${tag}`;
      const password = "licence keys 2026";
      const toolBytes = new TextEncoder().encode(`pixel forge build ${tag}\n`.repeat(32));

      // The creator signs up and starts a software draft, on a desktop screen.
      const creatorContext = await browser.newContext({ viewport: DESKTOP });
      const creator = await creatorContext.newPage();
      current = creator;
      watch(creator, "creator", errors);
      creator.on("dialog", (d) => void d.accept());
      await creator.goto(`${BASE}/signup`);
      await creator.getByLabel("Email").fill(`forge-${tag}@example.com`);
      await creator.getByLabel("Display name").fill("Fran Forge");
      await creator.getByLabel("Password").fill(password);
      await creator.getByLabel(/sell products/).check();
      await creator.getByRole("button", { name: /sign up|create account/i }).click();
      await creator.waitForURL(/\/dashboard/);
      await creator.goto(`${BASE}/dashboard/products/new`);
      await creator.getByLabel("Title").fill(title);
      await creator.getByLabel("Type").selectOption("software");
      await creator.getByLabel("Price").fill("15");
      await creator.getByLabel("Currency").selectOption("USD");
      await creator.getByLabel("Description").fill("A pixel-art editor for the desktop.");
      await creator.getByRole("button", { name: "Create draft" }).click();
      await creator.waitForURL(/\/dashboard\/products\/[0-9a-f-]{36}$/);
      await creator.getByRole("heading", { name: "Licence keys" }).waitFor({ timeout: 15_000 });
      await creator.getByText("No keys yet.").waitFor();

      // Publishing too early names what is missing, and the editor marks it.
      await creator.getByRole("button", { name: "Publish" }).click();
      const alert = creator.getByRole("alert").filter({ hasText: /\S/ });
      await alert.filter({ hasText: "Not ready to publish" }).waitFor();
      assert.match(
        await alert.innerText(),
        /Licence keys: Software needs at least one licence key or one file/,
      );
      assert.equal(await creator.locator("#licence-keys").getAttribute("aria-invalid"), "true");
      assert.equal(await creator.locator("#product-file").getAttribute("aria-invalid"), "true");
      await shot(creator, "publish_refused");

      // Two files attached; one removed again.
      await creator.setInputFiles(
        "#product-file",
        file("pixel-forge-1.0.zip", "application/zip", toolBytes),
      );
      await creator.getByText("Attached “pixel-forge-1.0.zip”.").waitFor();
      await creator.setInputFiles("#product-file", file("old-notes.txt", "text/plain", "old\n"));
      await creator.getByText("Attached “old-notes.txt”.").waitFor();
      const files = creator.locator(".file-list li");
      assert.deepEqual(await files.allInnerTexts(), [
        "pixel-forge-1.0.zip (864 B)\nRemove",
        "old-notes.txt (4 B)\nRemove",
      ]);
      await creator.getByRole("button", { name: "Remove old-notes.txt" }).click();
      await creator.getByText("Removed “old-notes.txt”.").waitFor();
      assert.equal(await files.count(), 1);
      assert.equal(await files.filter({ hasText: "old-notes.txt" }).count(), 0);

      // Keys pasted (a repeat is skipped), then a CSV list uploaded.
      await creator.getByLabel("Paste keys, one per line").fill(
        `FORGE-AAAA-${tag}\nFORGE-BBBB-${tag}\nFORGE-AAAA-${tag}\n`,
      );
      await creator.getByRole("button", { name: "Add keys" }).click();
      await creator.getByText("Added 2 keys. 1 duplicate skipped.").waitFor();
      await creator.getByText("Running low: only 2 keys left for sale, 2 added in all.").waitFor();
      await creator.setInputFiles(
        "#licence-keys-file",
        file(
          "keys.csv",
          "text/csv",
          `licence key,batch\nFORGE-CCCC-${tag},2\nFORGE-DDDD-${tag},2\n`,
        ),
      );
      await creator.getByText("Read 2 keys from “keys.csv”.", { exact: false }).waitFor();
      await creator.getByRole("button", { name: "Add keys" }).click();
      await creator.getByText("Added 2 keys.", { exact: true }).waitFor();
      await creator.getByText("Running low: only 4 keys left for sale, 4 added in all.").waitFor();

      // A text file named .png is refused as a cover, naming the cover; a real image is taken.
      await creator.setInputFiles(
        "#product-cover",
        file("cover.png", "image/png", "This is text, not a picture.\n"),
      );
      await alert.filter({ hasText: "Cover image:" }).waitFor();
      assert.match(await alert.innerText(), /not really a PNG, JPEG or WebP image/);
      assert.equal(await creator.locator("#product-cover").getAttribute("aria-invalid"), "true");
      await creator.getByText("No cover yet.").waitFor();
      await shot(creator, "cover_refused");
      await creator.setInputFiles("#product-cover", file("cover.png", "image/png", PNG));
      await creator.getByText("Cover updated.").waitFor();
      await creator.getByRole("img", { name: `Cover of ${title}` }).waitFor();

      await creator.getByRole("button", { name: "Publish" }).click();
      await creator.getByText("Published.", { exact: true }).waitFor();
      await creator.getByText("Status: published").waitFor();
      await shot(creator, "editor_desktop");

      // The same editor on a phone: the keys section fits without sideways scrolling.
      const phoneEditor = await (await browser.newContext({
        viewport: MOBILE,
        storageState: await creatorContext.storageState(),
      })).newPage();
      watch(phoneEditor, "creator-mobile", errors);
      await phoneEditor.goto(creator.url());
      await phoneEditor.getByText("Running low: only 4 keys left for sale").waitFor({
        timeout: 15_000,
      });
      await phoneEditor.getByRole("button", { name: "Remove pixel-forge-1.0.zip" }).waitFor();
      assert.equal(await scrollsSideways(phoneEditor), false, "the editor fits 390 px");
      await shot(phoneEditor, "editor_mobile");

      // The buyer, on a phone: sign up, add to cart, pay with Visa.
      const buyerContext = await browser.newContext({ viewport: MOBILE, acceptDownloads: true });
      const buyer = await buyerContext.newPage();
      current = buyer;
      watch(buyer, "buyer", errors);
      await buyer.goto(`${BASE}/signup`);
      await buyer.getByLabel("Email").fill(`buyer-${tag}@example.com`);
      await buyer.getByLabel("Display name").fill("Bo Buyer");
      await buyer.getByLabel("Password").fill(password);
      await buyer.getByRole("button", { name: /sign up|create account/i }).click();
      await buyer.waitForURL((url) => !url.pathname.startsWith("/signup"));
      await buyer.goto(`${BASE}/products?q=${tag}`);
      await buyer.getByRole("link", { name: title }).first().click();
      await buyer.getByRole("heading", { name: title, level: 1 }).waitFor();
      await buyer.waitForSelector(".add-to-cart button:not([disabled])");
      await buyer.getByRole("button", { name: "Add to cart" }).click();
      await buyer.getByText(/1 item in your cart/).waitFor();
      await buyer.goto(`${BASE}/checkout`);
      await buyer.getByRole("heading", { name: "Order summary" }).waitFor();
      await buyer.getByLabel("Visa ending 4242").check();
      await buyer.getByRole("button", { name: /^Pay/ }).click();
      await buyer.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      await buyer.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 200_000 });

      // The library shows the file and one of the creator's keys.
      await buyer.goto(`${BASE}/library`);
      await buyer.getByRole("heading", { name: title }).waitFor();
      await buyer.getByRole("heading", { name: "Licence key", exact: true }).waitFor();
      const key = (await buyer.locator(".licence-keys code").allInnerTexts()).map((k) => k.trim());
      assert.equal(key.length, 1);
      assert.match(key[0]!, new RegExp(`^FORGE-[A-D]{4}-${tag}$`));
      assert.equal(await buyer.getByText("old-notes.txt").count(), 0, "the removed file is gone");
      assert.equal(await scrollsSideways(buyer), false, "the library fits 390 px");
      await shot(buyer, "library_mobile");
      const [download] = await Promise.all([
        buyer.waitForEvent("download"),
        buyer.getByRole("button", { name: "Download pixel-forge-1.0.zip" }).click(),
      ]);
      const downloaded = new Uint8Array(await readFile((await download.path())!));
      assert.deepEqual(downloaded, toolBytes);

      // The same library on a desktop screen.
      const wide = await openAs(browser, buyerContext, DESKTOP);
      watch(wide, "buyer-desktop", errors);
      await wide.goto(`${BASE}/library`);
      await wide.getByText(key[0]!, { exact: true }).waitFor({ timeout: 15_000 });
      await shot(wide, "library_desktop");

      // The creator's count went down by the key sold. The phone's page holds the session's
      // newest refresh token (the desktop page's was rotated when the phone signed in, and
      // presenting it again after the grace would end the session as a replay).
      await phoneEditor.reload();
      await phoneEditor.getByText("Running low: only 3 keys left for sale, 4 added in all.")
        .waitFor({ timeout: 15_000 });

      assert.deepEqual(errors, []);
    } catch (error) {
      if (current) await shot(current, "failed").catch(() => {});
      throw error;
    } finally {
      await browser?.close();
      await platform.stop();
    }
  },
});

/** A new page signed in as in `context`, at another screen size. */
async function openAs(
  browser: Browser,
  context: BrowserContext,
  viewport: { width: number; height: number },
): Promise<Page> {
  const other = await browser.newContext({ viewport, storageState: await context.storageState() });
  return await other.newPage();
}
