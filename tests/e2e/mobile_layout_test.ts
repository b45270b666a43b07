/**
 * Every public page fits a phone, in headless Chromium against the whole platform in servers
 * mode, at 360x740 and 390x844, and the header and search still work on a desktop (1280x900):
 * - no page scrolls sideways (home, browse, a product, sign-in, sign-up, the cart with an
 *   item, and the library and account signed in);
 * - the header is one row; on a phone the search opens from its button;
 * - on Browse the filters fold away and the products show on the first screen;
 * - the cart's rows are cards whose Remove button is on screen.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { eventually, launchChromium, seedPublishedProduct } from "@marquee/testing";
import { startJourneyPlatform } from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 9800;
const BASE = `http://localhost:${8000 + OFFSET}`;
const SHOTS = new URL("./screenshots/", import.meta.url).pathname;
const PASSWORD = "phones are small 2026";
const VIEWPORTS = [
  { name: "360", width: 360, height: 740, phone: true },
  { name: "390", width: 390, height: 844, phone: true },
  { name: "desktop", width: 1280, height: 900, phone: false },
] as const;
// One row of 44 px controls plus the header's padding and border.
const MAX_HEADER_PX = 72;

async function shot(page: Page, name: string, fullPage = true) {
  await Deno.mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}mobile_${name}.png`, fullPage });
}

/** Asserts the page does not scroll sideways and its header is one row. */
async function assertFits(page: Page, what: string) {
  // An expression, as the browser runs it (this module is type-checked without the DOM).
  const { scrollWidth, innerWidth, header } = await page.evaluate<
    { scrollWidth: number; innerWidth: number; header: number }
  >(`({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    header: document.querySelector(".site-header").getBoundingClientRect().height,
  })`);
  assert.ok(scrollWidth <= innerWidth, `${what}: ${scrollWidth} px wide in ${innerWidth} px`);
  assert.ok(header <= MAX_HEADER_PX, `${what}: the header is ${header} px tall`);
}

/** The top of the first product card, in px from the top of the screen. */
const firstCardTop = (page: Page) =>
  page.locator(".product-grid .card").first().evaluate((el) => el.getBoundingClientRect().top);

Deno.test({
  name: "e2e: every page fits 360 px, the header is one row and the search opens from it",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const platform = await startJourneyPlatform(OFFSET);
    let browser: Browser | undefined;
    try {
      const seeded = await seedPublishedProduct(BASE);
      const product = await (await fetch(`${BASE}/api/products/${seeded.id}`)).json();
      const title: string = product.title;
      const word = title.split(" ").pop()!;
      await eventually(
        async () => {
          const res = await fetch(`${BASE}/api/products?q=${word}`);
          return ((await res.json()).items ?? []).length > 0;
        },
        30_000,
        "the product is searchable",
      );
      const email = `phone-${crypto.randomUUID().slice(0, 8)}@example.com`;
      const registered = await fetch(`${BASE}/api/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: PASSWORD, displayName: "Pat Pocket" }),
      });
      assert.equal(registered.status, 201, await registered.text());
      browser = await launchChromium();

      for (const { name, width, height, phone } of VIEWPORTS) {
        await t.step(name, async () => {
          const context = await browser!.newContext({ viewport: { width, height } });
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          try {
            await page.goto(`${BASE}/`);
            await assertFits(page, "home");
            await shot(page, `${name}_home`, false);

            // The search: behind its button on a phone, in the header on a desktop.
            const search = page.getByRole("combobox", { name: "Search products" });
            const toggle = page.locator(".search-toggle");
            if (phone) {
              assert.equal(await search.isVisible(), false, "the search starts folded");
              await toggle.click();
              assert.equal(await page.locator("details.header-search").getAttribute("open"), "");
              await search.waitFor();
              await assertFits(page, "home with the search open");
              await shot(page, `${name}_search_open`, false);
            } else {
              assert.equal(await toggle.isVisible(), false, "no search button on a desktop");
            }
            await search.fill(word);
            await search.press("Enter");
            await page.waitForURL(new RegExp(`/products\\?q=${word}`));
            await page.getByRole("link", { name: title }).first().waitFor();
            await assertFits(page, "search results");

            // Browse: the filters fold away on a phone, so products show on the first screen.
            await page.goto(`${BASE}/products`);
            await page.locator(".product-grid .card").first().waitFor();
            await assertFits(page, "browse");
            const typeFilter = page.getByLabel("Type", { exact: true });
            assert.equal(await typeFilter.isVisible(), !phone, "filters folded only on a phone");
            const top = await firstCardTop(page);
            assert.ok(top < height - 120, `the first product starts at ${top} px of ${height}`);
            await shot(page, `${name}_browse`, false);
            if (phone) {
              await page.getByText("Filters and sorting").click();
              await typeFilter.waitFor();
              await assertFits(page, "browse with filters open");
            }

            await page.goto(`${BASE}/products/${seeded.slug}`);
            await assertFits(page, "product");
            await page.getByRole("button", { name: "Add to cart" }).click();
            await page.getByText(/^1 item in your cart/).waitFor();
            await shot(page, `${name}_product`);

            // The cart: each line a card, its Remove button on screen.
            await page.goto(`${BASE}/cart`);
            const remove = page.getByRole("button", { name: `Remove ${title}` });
            await remove.waitFor();
            await assertFits(page, "cart");
            const box = (await remove.boundingBox())!;
            assert.ok(box.x + box.width <= width, `Remove ends at ${box.x + box.width} px`);
            await shot(page, `${name}_cart`);

            for (const path of ["/signup", "/signin"]) {
              await page.goto(`${BASE}${path}`);
              await page.getByLabel("Password").waitFor();
              await assertFits(page, path);
            }
            await shot(page, `${name}_signin`, false);

            // Signed in: the library and the account, with the account menu in the header.
            await page.goto(`${BASE}/signin?next=%2Flibrary`);
            await page.getByLabel("Email").fill(email);
            await page.getByLabel("Password").fill(PASSWORD);
            await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
            await page.waitForURL(`${BASE}/library`);
            await page.getByRole("button", { name: "Pat Pocket" }).waitFor();
            await assertFits(page, "library");
            await shot(page, `${name}_library`);
            await page.goto(`${BASE}/account`);
            await page.getByRole("button", { name: "Pat Pocket" }).waitFor();
            await assertFits(page, "account");
            await shot(page, `${name}_account`);
            assert.deepEqual(errors, []);
          } catch (error) {
            await shot(page, `${name}_failed`);
            throw error;
          } finally {
            await context.close();
          }
        });
      }
    } finally {
      await browser?.close();
      await platform.stop();
    }
  },
});
