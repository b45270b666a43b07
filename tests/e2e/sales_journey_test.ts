/**
 * A sale seen from both sides, in headless Chromium against the whole platform in servers
 * mode, at a desktop (1280x900) and a phone (390x844) viewport, through the pages (the
 * creator's products are set up through the API):
 * - a buyer signs up, buys a product and downloads the order's receipt as a PDF that names
 *   the order;
 * - the creator opens Sales: today's totals count the sale, the buyer is named, filtering by
 *   another product hides it, the order link shows the creator's line, and the CSV export
 *   holds the row;
 * - the footer reaches Help, Terms and Privacy;
 * - a new creator's dashboard, sales, library and orders say what to do next.
 * Every page visited passes axe's serious and critical rules.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import Papa from "papaparse";
import { PDFDocument } from "pdf-lib";
import type { Browser, Page } from "playwright-core";
import { answersOk, assertAccessible, eventually, launchChromium } from "@marquee/testing";
import {
  CHECKOUT_SERVICES,
  journeyApi,
  screenshotter,
  startJourneyPlatform,
  VIEWPORTS,
} from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 10400;
const BASE = `http://localhost:${8000 + OFFSET}`;
const PASSWORD = "sales journeys 2026";

const shot = screenshotter("sales");

const api = journeyApi(BASE);

/** A creator account made through the API, and its token. */
async function creatorAccount(email: string, displayName: string): Promise<string> {
  const reg = await api("/api/auth/register", {
    body: { email, password: PASSWORD, displayName, role: "creator" },
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const login = await api("/api/auth/login", { body: { email, password: PASSWORD } });
  return login.body.accessToken;
}

/** A published asset made through the catalog API. */
async function publish(token: string, title: string, amount: number) {
  const created = await api("/api/products", {
    token,
    body: {
      title,
      type: "asset",
      category: "music",
      tags: [],
      description: "For the sales journey.",
      price: { amount, currency: "USD" },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const published = await api(`/api/products/${created.body.id}/publish`, {
    token,
    method: "POST",
  });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  return { id: created.body.id as string, slug: published.body.slug as string };
}

/** Saves what `click` downloads and returns its name and bytes. */
async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await download.path();
  assert.ok(path, "the download finished");
  return { name: download.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
}

/** Signs up through the sign-up page, landing on `next`. */
async function signUp(page: Page, who: { email: string; name: string; creator?: boolean }) {
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Display name").fill(who.name);
  await page.getByLabel("Password").fill(PASSWORD);
  if (who.creator) await page.getByLabel(/sell products/).check();
  await page.getByRole("button", { name: "Create account" }).click();
}

Deno.test({
  name: "e2e: sales journey (receipt PDF, sales totals, buyer names, filters, CSV, footer, empty)",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const platform = await startJourneyPlatform(OFFSET, {
      mode: "servers",
      // A rebalance of the shared consumer groups must not read as a payment never answered.
      env: { PAYMENT_TIMEOUT_MS: "180000" },
    });
    let browser: Browser | undefined;
    try {
      for (const [name, port] of CHECKOUT_SERVICES) {
        await eventually(
          () => answersOk(`http://127.0.0.1:${port + OFFSET}/health/ready`),
          120_000,
          `${name} ready`,
        );
      }
      browser = await launchChromium();

      for (const viewport of VIEWPORTS) {
        await t.step(viewport.name, async () => {
          const { name, width, height } = viewport;
          const tag = `${name}-${crypto.randomUUID().slice(0, 6)}`;
          const creatorEmail = `sales-creator-${tag}@example.com`;
          const creatorToken = await creatorAccount(creatorEmail, `Cleo Cello ${name}`);
          const loopsTitle = `Cello loops ${tag}`;
          const tabsTitle = `Cello tabs ${tag}`;
          const loops = await publish(creatorToken, loopsTitle, 1200);
          await publish(creatorToken, tabsTitle, 500);
          const buyerName = `Bea Bow ${name}`;

          const context = await browser!.newContext({ viewport: { width, height } });
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          page.on("console", (m) => m.type() === "error" && console.log(`[${name}] ${m.text()}`));
          try {
            // The buyer signs up, buys the loops and downloads the receipt.
            await page.goto(`${BASE}/signup?next=${encodeURIComponent(`/products/${loops.slug}`)}`);
            await signUp(page, { email: `sales-buyer-${tag}@example.com`, name: buyerName });
            await page.waitForURL(`${BASE}/products/${loops.slug}`);
            await page.waitForSelector(".add-to-cart button:not([disabled])");
            await assertAccessible(page);
            await page.getByRole("button", { name: "Add to cart" }).click();
            await page.getByText(/^1 item in your cart/).waitFor();
            await page.goto(`${BASE}/checkout`);
            await page.getByLabel("Visa ending 4242").check();
            await assertAccessible(page);
            await page.getByRole("button", { name: "Pay $12.00" }).click();
            await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
            const orderId = page.url().split("/").at(-1)!;
            await page.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 200_000 });
            const receiptButton = page.getByRole("button", { name: "Download receipt (PDF)" });
            await receiptButton.waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_order`);
            const receipt = await downloaded(page, () => receiptButton.click());
            assert.equal(receipt.name, `marquee-receipt-${orderId.slice(0, 8)}.pdf`);
            assert.equal(new TextDecoder().decode(receipt.bytes.slice(0, 5)), "%PDF-");
            const pdf = await PDFDocument.load(receipt.bytes);
            assert.equal(pdf.getPageCount(), 1);
            assert.equal(pdf.getTitle(), `Marquee receipt for order ${orderId}`);

            // The footer reaches Help, Terms and Privacy.
            for (
              const [link, heading] of [
                ["Help", "Help"],
                ["Terms", "Terms of service"],
                ["Privacy", "Privacy"],
              ] as const
            ) {
              const footer = page.getByRole("navigation", { name: "Footer" });
              await footer.getByRole("link", { name: link }).click();
              await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
              await assertAccessible(page);
              await shot(page, `${name}_${link.toLowerCase()}`);
            }
            await context.clearCookies();
            await page.evaluate(() => globalThis.localStorage.clear());

            // The creator signs in and opens Sales: today's totals and the buyer's name.
            await page.goto(`${BASE}/signin?next=%2Fdashboard%2Fsales`);
            await page.getByLabel("Email").fill(creatorEmail);
            await page.getByLabel("Password").fill(PASSWORD);
            await page.getByRole("button", { name: "Sign in" }).click();
            await page.waitForURL(`${BASE}/dashboard/sales`);
            const today = page.locator(".sales-period").filter({
              has: page.getByRole("heading", { name: "Today" }),
            });
            await today.getByText("$12.00 net").waitFor();
            await today.getByText(/^1 sale · \$12\.00 paid · \$0\.00 refunded$/).waitFor();
            const row = page.getByRole("row").filter({ hasText: loopsTitle });
            // The buyer's name arrives with the users service's event.
            await eventually(
              async () => {
                if (await row.getByText(buyerName).isVisible()) return true;
                await page.reload();
                await row.waitFor();
                return false;
              },
              30_000,
              "the buyer's name on the sale",
            );
            await assertAccessible(page);
            await shot(page, `${name}_sales`);

            // Filtering by the other product hides the sale; by the loops shows it again.
            await page.getByLabel("Product", { exact: true }).selectOption({ label: tabsTitle });
            await page.getByText("No sales match these filters.").waitFor();
            await today.getByText("No sales").waitFor();
            await assertAccessible(page);
            await page.getByLabel("Product", { exact: true }).selectOption({ label: loopsTitle });
            await row.waitFor();
            await shot(page, `${name}_sales_filtered`);

            // The CSV export holds the row.
            const csv = await downloaded(
              page,
              () => page.getByRole("button", { name: "Export CSV" }).click(),
            );
            assert.match(csv.name, /^marquee-sales-\d{4}-\d{2}-\d{2}\.csv$/);
            const parsed = Papa.parse(new TextDecoder().decode(csv.bytes), { header: true }) as {
              data: Record<string, string>[];
            };
            assert.equal(parsed.data.length, 1);
            assert.equal(parsed.data[0]!.Order, orderId);
            assert.equal(parsed.data[0]!.Buyer, buyerName);
            assert.equal(parsed.data[0]!.Product, loopsTitle);
            assert.equal(parsed.data[0]!.Total, "12.00");

            // The order link shows the creator's side of the order.
            await row.getByRole("link", { name: `Order ${orderId.slice(0, 8)}` }).click();
            await page.waitForURL(`${BASE}/dashboard/sales/${orderId}`);
            await page.getByRole("heading", { name: "Your products in this order" }).waitFor();
            await page.getByText(buyerName, { exact: true }).waitFor();
            await page.getByRole("link", { name: loopsTitle }).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_sale_order`);
            await context.clearCookies();
            await page.evaluate(() => globalThis.localStorage.clear());

            // A new creator: every list says what to do next.
            await page.goto(`${BASE}/signup?next=%2Fdashboard`);
            await signUp(page, {
              email: `sales-new-${tag}@example.com`,
              name: `Nova ${name}`,
              creator: true,
            });
            await page.waitForURL(`${BASE}/dashboard`);
            const create = page.getByRole("link", { name: "Create your first product" });
            await create.waitFor();
            assert.equal(await create.getAttribute("href"), "/dashboard/products/new");
            await assertAccessible(page);
            await shot(page, `${name}_empty_dashboard`);
            await page.goto(`${BASE}/dashboard/sales`);
            await page.getByText(/^No sales yet\./).waitFor();
            await page.getByRole("main").getByRole("link", { name: "Create your first product" })
              .waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_empty_sales`);
            await page.goto(`${BASE}/library`);
            await page.getByRole("link", { name: "Browse the store" }).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_empty_library`);
            await page.goto(`${BASE}/orders`);
            await page.getByText(/^No orders yet\./).waitFor();
            await page.getByRole("link", { name: "Browse the store" }).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_empty_orders`);
            assert.deepEqual(errors, []);
          } catch (error) {
            await shot(page, `${name}_failed`).catch(() => {});
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
