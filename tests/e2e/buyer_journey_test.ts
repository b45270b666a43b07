/**
 * A first-time buyer's journey in headless Chromium against the whole platform in servers
 * mode, at a desktop (1280x900) and a phone (390x844) viewport, through the pages only:
 * - the guest's cart offers no more units of a limited course than are left, and saying so
 *   names the course;
 * - from the cart to sign-up with `next=/checkout`, over to sign-in and back, `next` is kept,
 *   and signing up ends at checkout;
 * - stock sold while checkout is open: paying is refused naming the course and why, and the
 *   summary and the amount to pay leave it out; the rest is bought;
 * - what the buyer now owns says "In your library" instead of "Add to cart", and the course
 *   left in the cart is offered at what is left.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { answersOk, eventually, launchChromium } from "@marquee/testing";
import {
  CHECKOUT_SERVICES,
  journeyApi,
  screenshotter,
  startJourneyPlatform,
  VIEWPORTS,
} from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 5000;
const BASE = `http://localhost:${8000 + OFFSET}`;
const PASSWORD = "journeys of buyers 2026";

const shot = screenshotter("journey");

const api = journeyApi(BASE);

/** A published product made through the catalog API. */
async function publish(token: string, fields: Record<string, unknown>) {
  const created = await api("/api/products", {
    token,
    body: { category: "music", tags: [], description: "For the buyer journey.", ...fields },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const published = await api(`/api/products/${created.body.id}/publish`, {
    token,
    method: "POST",
  });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  return { id: created.body.id as string, slug: published.body.slug as string };
}

/** Sets the course's seats; the catalog's events purge its cached page. */
async function setCapacity(token: string, id: string, capacity: number) {
  const res = await api(`/api/products/${id}`, { token, method: "PATCH", body: { capacity } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** Opens a product page until it shows `text` (a cached page is purged within seconds). */
async function openShowing(page: Page, slug: string, text: string) {
  await eventually(
    async () => {
      await page.goto(`${BASE}/products/${slug}`);
      return await page.getByText(text, { exact: true }).isVisible();
    },
    30_000,
    `product page showing "${text}"`,
  );
  await page.waitForSelector(".add-to-cart :is(button:not([disabled]), a)");
}

Deno.test({
  name: "e2e: buyer journey (capped quantities, next kept, named refusals, owned products)",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const platform = await startJourneyPlatform(OFFSET);
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
      const creatorEmail = `journey-creator-${tag}@example.com`;
      const reg = await api("/api/auth/register", {
        body: {
          email: creatorEmail,
          password: PASSWORD,
          displayName: "Zoe Zither",
          role: "creator",
        },
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      const login = await api("/api/auth/login", {
        body: { email: creatorEmail, password: PASSWORD },
      });
      const creator: string = login.body.accessToken;
      const courseTitle = `Zither course ${tag}`;
      const samplesTitle = `Zither samples ${tag}`;
      const course = await publish(creator, {
        title: courseTitle,
        type: "course",
        capacity: 2,
        price: { amount: 1500, currency: "USD" },
      });
      const samples = await publish(creator, {
        title: samplesTitle,
        type: "asset",
        price: { amount: 999, currency: "USD" },
      });
      browser = await launchChromium();

      for (const viewport of VIEWPORTS) {
        await t.step(viewport.name, async () => {
          const { name, width, height } = viewport;
          await setCapacity(creator, course.id, 2);
          const context = await browser!.newContext({ viewport: { width, height } });
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          page.on("console", (m) => m.type() === "error" && console.log(`[${name}] ${m.text()}`));
          try {
            // A guest adds the course until none are left to add; the refusal names it.
            await openShowing(page, course.slug, "2 of 2 left");
            const add = page.getByRole("button", { name: "Add to cart" });
            await add.click();
            await page.getByText(/^1 item in your cart/).waitFor();
            await add.click();
            await page.getByText(/^2 items in your cart/).waitFor();
            await add.click();
            await page.getByRole("alert").filter({ hasText: `"${courseTitle}" has only 2 left` })
              .waitFor();
            await shot(page, `${name}_course_full`);
            await openShowing(page, samples.slug, "$9.99");
            await page.getByRole("button", { name: "Add to cart" }).click();
            await page.getByText(/^3 items in your cart/).waitFor();

            // The cart offers the course up to what is left.
            await page.goto(`${BASE}/cart`);
            const picker = page.getByLabel(`Quantity of ${courseTitle}`);
            await picker.waitFor();
            assert.deepEqual(await picker.locator("option").allTextContents(), ["1", "2"]);
            assert.equal(
              await page.getByLabel(`Quantity of ${samplesTitle}`).locator("option").count(),
              20,
              "unlimited products are capped at the per-order maximum",
            );
            await page.getByText("Total: $39.99").waitFor();
            await shot(page, `${name}_guest_cart`);

            // Checkout sends the guest to sign-up; sign-in and back keep where they were going.
            await page.getByRole("link", { name: "Checkout", exact: true }).click();
            await page.waitForURL(`${BASE}/signup?next=%2Fcheckout`);
            await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
            await page.waitForURL(`${BASE}/signin?next=%2Fcheckout`);
            await page.getByRole("link", { name: "Create an account" }).click();
            await page.waitForURL(`${BASE}/signup?next=%2Fcheckout`);
            // The header's "Sign in" keeps it too (it appears once the session is known).
            const header = page.locator("header .sign-in");
            assert.equal(await header.getAttribute("href"), "/signin?next=%2Fcheckout");
            await page.getByLabel("Email").fill(`journey-${name}-${tag}@example.com`);
            await page.getByLabel("Display name").fill(`Bea ${name}`);
            await page.getByLabel("Password").fill(PASSWORD);
            await page.getByRole("button", { name: "Create account" }).click();
            await page.waitForURL(`${BASE}/checkout`);
            await page.getByText(`${courseTitle} × 2`).waitFor();
            await page.getByText(`${samplesTitle} × 1`).waitFor();
            await page.getByRole("button", { name: "Pay $39.99" }).waitFor();
            await shot(page, `${name}_checkout`);

            // A seat goes while checkout is open: paying is refused naming the course, and
            // the summary and amount leave it out.
            await setCapacity(creator, course.id, 1);
            await page.getByLabel("Visa ending 4242").check();
            await page.getByRole("button", { name: "Pay $39.99" }).click();
            await page.getByRole("alert").filter({ hasText: `"${courseTitle}" has only 1 left` })
              .waitFor();
            const leftOut = page.getByRole("list", { name: "Not in this order" });
            await leftOut.getByText(`"${courseTitle}" has only 1 left.`).waitFor();
            await page.getByText("It stays in your cart and is not in the total.").waitFor();
            assert.equal(await page.getByText(`${courseTitle} × 2`).count(), 0);
            await page.getByText("Total: $9.99").waitFor();
            await shot(page, `${name}_checkout_refused`);
            await page.getByRole("button", { name: "Pay $9.99" }).click();
            await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
            await page.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 200_000 });

            // What the buyer owns points to the library; the course is still for sale.
            await openShowing(page, samples.slug, "$9.99");
            const inLibrary = page.getByRole("link", { name: "In your library" });
            await inLibrary.waitFor();
            assert.equal(await inLibrary.getAttribute("href"), "/library");
            assert.equal(await page.getByRole("button", { name: "Add to cart" }).count(), 0);
            await shot(page, `${name}_owned`);
            await openShowing(page, course.slug, "1 of 1 left");
            await page.getByRole("button", { name: "Add to cart" }).waitFor();

            // The course left in the cart: over what is left, named, not in the total.
            await page.goto(`${BASE}/cart`);
            await page.getByText(`"${courseTitle}" has only 1 left`).waitFor();
            await page.getByRole("cell", { name: "Not in total" }).waitFor();
            await page.getByText("Nothing in your cart can be bought now.").waitFor();
            await shot(page, `${name}_cart_over`);
            await page.getByLabel(`Quantity of ${courseTitle}`).selectOption("1");
            await page.getByText("Total: $15.00").waitFor();
            assert.equal(await page.getByText(`"${courseTitle}" has only 1 left`).count(), 0);
            await shot(page, `${name}_cart_fixed`);
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
