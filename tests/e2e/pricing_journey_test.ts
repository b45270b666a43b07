/**
 * Prices as a buyer and a creator meet them, in headless Chromium against the whole platform
 * in servers mode, at a desktop (1280x900) and a phone (390x844) viewport, through the pages:
 * - a creator makes a discount code on the dashboard;
 * - a guest's "Get it" on a free product asks to sign in with `next` kept; signed up, "Get
 *   it" completes without a card and lands in the library;
 * - pay what you want: an amount below the minimum is refused naming it, one above it goes
 *   into the cart;
 * - a wrong code is refused naming why; the creator's code lowers the total, and the order
 *   charges the discounted total.
 * Every page visited is checked with axe-core.
 */
import assert from "node:assert/strict";
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
const OFFSET = 10200;
const BASE = `http://localhost:${8000 + OFFSET}`;
const PASSWORD = "journeys of prices 2026";

const shot = screenshotter("pricing");

const api = journeyApi(BASE);

async function register(email: string, role: "buyer" | "creator", displayName: string) {
  const reg = await api("/api/auth/register", {
    body: { email, password: PASSWORD, displayName, role },
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const login = await api("/api/auth/login", { body: { email, password: PASSWORD } });
  return login.body.accessToken as string;
}

/** A published product made through the catalog API. */
async function publish(token: string, fields: Record<string, unknown>) {
  const created = await api("/api/products", {
    token,
    body: { category: "music", tags: [], description: "For the pricing journey.", ...fields },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const published = await api(`/api/products/${created.body.id}/publish`, {
    token,
    method: "POST",
  });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  return { id: created.body.id as string, slug: published.body.slug as string };
}

/** Opens a product page once its add-to-cart control is ready. */
async function openProduct(page: Page, slug: string) {
  await page.goto(`${BASE}/products/${slug}`);
  await page.waitForSelector(".add-to-cart :is(button:not([disabled]), a)");
}

async function signIn(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

Deno.test({
  name: "e2e: pricing journey (free products, pay what you want, discount codes)",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const platform = await startJourneyPlatform(OFFSET, { mode: "servers" });
    let browser: Browser | undefined;
    try {
      for (const [name, port] of CHECKOUT_SERVICES) {
        await eventually(
          () => answersOk(`http://127.0.0.1:${port + OFFSET}/health/ready`),
          120_000,
          `${name} ready`,
        );
      }
      const tag = crypto.randomUUID().slice(0, 6);
      const creatorEmail = `pricing-creator-${tag}@example.com`;
      const creator = await register(creatorEmail, "creator", "Pia Pricer");
      const freeTitle = `Free drum kit ${tag}`;
      const pwywTitle = `Fair price zine ${tag}`;
      const paidTitle = `Mixing guide ${tag}`;
      const free = await publish(creator, {
        title: freeTitle,
        type: "asset",
        price: { amount: 0, currency: "USD" },
      });
      const pwyw = await publish(creator, {
        title: pwywTitle,
        type: "asset",
        price: { amount: 500, currency: "USD" },
      });
      const set = await api(`/api/products/${pwyw.id}/pay-what-you-want`, {
        token: creator,
        method: "PUT",
        body: { enabled: true, suggestedAmount: 800 },
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      const paid = await publish(creator, {
        title: paidTitle,
        type: "asset",
        price: { amount: 2000, currency: "USD" },
      });
      browser = await launchChromium();

      for (const viewport of VIEWPORTS) {
        await t.step(viewport.name, async () => {
          const { name, width, height } = viewport;
          const code = `SAVE${name.toUpperCase()}${tag.toUpperCase()}`;
          const studio = await browser!.newContext({ viewport: { width, height } });
          const context = await browser!.newContext({ viewport: { width, height } });
          const desk = await studio.newPage();
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          desk.on("pageerror", (e) => errors.push(e.message));
          try {
            // The creator makes a code for the guide on the dashboard.
            await desk.goto(`${BASE}/signin?next=%2Fdashboard%2Fdiscounts`);
            await signIn(desk, creatorEmail);
            await desk.waitForURL(`${BASE}/dashboard/discounts`);
            await desk.getByRole("heading", { name: "Discount codes", level: 1 }).waitFor();
            await desk.getByLabel("Code", { exact: true }).fill(code.toLowerCase());
            await desk.getByLabel("Percent off").fill("25");
            await desk.getByLabel("Applies to").selectOption({ label: paidTitle });
            await desk.getByLabel("Uses allowed (optional)").fill("5");
            await desk.getByRole("button", { name: "Create code" }).click();
            await desk.getByText(`Code ${code} is ready to share.`).waitFor();
            await desk.getByText("Used 0 of 5").first().waitFor();
            await assertAccessible(desk);
            await shot(desk, `${name}_dashboard_discounts`);

            // The editor shows the zine's pay-what-you-want pricing and saves it.
            await desk.goto(`${BASE}/dashboard/products/${pwyw.id}`);
            await desk.getByRole("heading", { name: "Pay what you want" }).waitFor();
            assert.ok(await desk.getByLabel("Let buyers pay what they want").isChecked());
            const suggested = desk.getByLabel("Suggested amount (USD, optional)");
            assert.equal(await suggested.inputValue(), "8.00");
            await suggested.fill("3");
            await desk.getByRole("button", { name: "Save pricing" }).click();
            await desk.getByText("Suggest at least the price, $5.00").waitFor();
            await suggested.fill("8");
            await desk.getByRole("button", { name: "Save pricing" }).click();
            await desk.getByText("Buyers can now pay what they want.").waitFor();
            await assertAccessible(desk);
            await shot(desk, `${name}_editor_pwyw`);

            // A guest's "Get it" asks to sign in and keeps where they were going.
            await openProduct(page, free.slug);
            await page.getByText("Free", { exact: true }).first().waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_free_product_guest`);
            await page.getByRole("button", { name: "Get it" }).click();
            const next = encodeURIComponent(`/products/${free.slug}`);
            await page.waitForURL(`${BASE}/signin?next=${next}`);
            await assertAccessible(page);
            await page.getByRole("link", { name: "Create an account" }).click();
            await page.waitForURL(`${BASE}/signup?next=${next}`);
            await assertAccessible(page);
            const buyerEmail = `pricing-buyer-${name}-${tag}@example.com`;
            await page.getByLabel("Email").fill(buyerEmail);
            await page.getByLabel("Display name").fill(`Pat ${name}`);
            await page.getByLabel("Password").fill(PASSWORD);
            await page.getByRole("button", { name: "Create account" }).click();
            await page.waitForURL(`${BASE}/products/${free.slug}`);

            // Signed in, "Get it" completes with no card and lands in the library.
            await page.waitForSelector(".add-to-cart button:not([disabled])");
            await page.getByRole("button", { name: "Get it" }).click();
            await page.waitForURL(`${BASE}/library`, { timeout: 60_000 });
            await page.getByText(freeTitle).first().waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_library_free`);

            // Pay what you want: below the minimum is refused naming it.
            await openProduct(page, pwyw.slug);
            const amount = page.getByLabel("Pay what you want");
            assert.equal(await amount.inputValue(), "8.00", "the suggested amount is offered");
            await page.getByText("At least $5.00.").waitFor();
            await amount.fill("4");
            await page.getByRole("button", { name: "Add to cart" }).click();
            await page.getByText("Pay at least $5.00", { exact: true }).waitFor();
            assert.equal(await amount.getAttribute("aria-invalid"), "true");
            await assertAccessible(page);
            await shot(page, `${name}_pwyw_refused`);
            await amount.fill("12");
            await page.getByRole("button", { name: "Add to cart" }).click();
            await page.getByText(/^1 item in your cart/).waitFor();

            await openProduct(page, paid.slug);
            await page.getByRole("button", { name: "Add to cart" }).click();
            await page.getByText(/^2 items in your cart/).waitFor();

            // The cart: a wrong code is refused naming why; the right one lowers the total.
            await page.goto(`${BASE}/cart`);
            await page.getByText("Total: $32.00").waitFor();
            const field = page.getByLabel("Discount code");
            await field.fill("nope-nope");
            await page.getByRole("button", { name: "Apply" }).click();
            await page.getByText('Code "NOPE-NOPE" does not exist').waitFor();
            assert.equal(await field.getAttribute("aria-invalid"), "true");
            await assertAccessible(page);
            await shot(page, `${name}_cart_code_refused`);
            await field.fill(code.toLowerCase());
            await page.getByRole("button", { name: "Apply" }).click();
            await page.getByText(`Code ${code} applied: $5.00 off.`).waitFor();
            await page.getByText(`Discount (${code}): −$5.00`).waitFor();
            await page.getByText("Total: $27.00").waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_cart_code_applied`);

            // Checkout keeps the code and charges the discounted total.
            await page.getByRole("link", { name: "Checkout", exact: true }).click();
            await page.waitForURL(`${BASE}/checkout`);
            await page.getByText(`${pwywTitle} × 1`).waitFor();
            await page.getByText(`Discount (${code}): −$5.00`).waitFor();
            await page.getByText("Total: $27.00").waitFor();
            await page.getByLabel("Visa ending 4242").check();
            await assertAccessible(page);
            await shot(page, `${name}_checkout_discounted`);
            await page.getByRole("button", { name: "Pay $27.00" }).click();
            await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
            await page.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 120_000 });
            await page.getByText("Total: $27.00").waitFor();
            await page.getByText(`Discount (${code}): −$5.00`).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_order_complete`);

            const orderId = page.url().split("/").at(-1)!;
            const login = await api("/api/auth/login", {
              body: { email: buyerEmail, password: PASSWORD },
            });
            const order = await api(`/api/orders/${orderId}`, { token: login.body.accessToken });
            assert.equal(order.body.status, "COMPLETED");
            assert.deepEqual(order.body.subtotal, { amount: 3200, currency: "USD" });
            assert.deepEqual(order.body.discount, {
              code,
              amount: { amount: 500, currency: "USD" },
            });
            assert.deepEqual(order.body.total, { amount: 2700, currency: "USD" });
            assert.ok(order.body.paymentId, "the card was charged");
            const pwywLine = order.body.lines.find((l: { title: string }) => l.title === pwywTitle);
            assert.equal(pwywLine.unitPrice.amount, 1200);
            assert.deepEqual(errors, []);
          } catch (error) {
            await shot(page, `${name}_failed`).catch(() => {});
            await shot(desk, `${name}_desk_failed`).catch(() => {});
            throw error;
          } finally {
            await context.close();
            await studio.close();
          }
        });
      }
    } finally {
      await browser?.close();
      await platform.stop();
    }
  },
});
