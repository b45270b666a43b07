/**
 * Reviews, what's included and plain validation messages, in headless Chromium against the
 * whole platform in servers mode, at a desktop (1280x900) and a phone (390x844) viewport,
 * through the pages only (the creator's product is set up through the API):
 * - signing up with an empty name says "Enter your name", with focus on the name field;
 * - the product page lists what is included, each file with its size in the one format the
 *   library shows too;
 * - a signed-in buyer who does not own the product is offered no "Write a review";
 * - after buying it, the buyer writes a review (a missing rating is named and focused), sees
 *   it at once, and the page's average and the product card follow once the cache is purged.
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
const OFFSET = 10500;
const BASE = `http://localhost:${8000 + OFFSET}`;
const PASSWORD = "reviews of buyers 2026";
/** 1.5 KB in the one size format. */
const NOTES = new Uint8Array(1536).fill(65);

const shot = screenshotter("reviews");

const api = journeyApi(BASE);

/** A published asset with one confirmed file, made through the catalog API. */
async function publishAsset(token: string, title: string) {
  const created = await api("/api/products", {
    token,
    body: {
      title,
      type: "asset",
      price: { amount: 700, currency: "USD" },
      category: "audio",
      tags: [],
      description: "# Field notes\n\nRecorded at dawn.\n\n## Gear\n\nOne microphone.",
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as string;
  const file = await api(`/api/products/${id}/files`, {
    token,
    body: { name: "field-notes.txt", size: NOTES.length, contentType: "text/plain" },
  });
  assert.equal(file.status, 201, JSON.stringify(file.body));
  const upload = file.body.upload as { url: string; method: string; headers: HeadersInit };
  const put = await fetch(new URL(upload.url, BASE), {
    method: upload.method,
    headers: upload.headers,
    body: NOTES,
  });
  assert.ok(put.ok, `upload: ${put.status} ${await put.text()}`);
  const confirmed = await api(`/api/products/${id}/files/${file.body.file.id}/confirm`, {
    token,
    method: "POST",
  });
  assert.ok(confirmed.status < 300, JSON.stringify(confirmed.body));
  const published = await api(`/api/products/${id}/publish`, { token, method: "POST" });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  return { id, slug: published.body.slug as string };
}

/** Opens a product page until it shows `text` (a cached page is purged within seconds). */
async function openShowing(page: Page, slug: string, text: string | RegExp) {
  await eventually(
    async () => {
      await page.goto(`${BASE}/products/${slug}`);
      return await page.getByText(text).first().isVisible();
    },
    60_000,
    `product page showing "${text}"`,
  );
}

/** Opens a product page and waits for the reviews island to have asked about the viewer. */
async function openAsViewer(page: Page, slug: string) {
  const asked = page.waitForResponse((res) => /\/reviews\/mine$/.test(res.url()));
  await page.goto(`${BASE}/products/${slug}`);
  await asked;
}

Deno.test({
  name: "e2e: reviews journey (plain messages, what's included, owners review)",
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
      const creatorEmail = `reviews-creator-${tag}@example.com`;
      const reg = await api("/api/auth/register", {
        body: {
          email: creatorEmail,
          password: PASSWORD,
          displayName: "Rita Rain",
          role: "creator",
        },
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      const login = await api("/api/auth/login", {
        body: { email: creatorEmail, password: PASSWORD },
      });
      const creator: string = login.body.accessToken;
      const title = `Dawn recordings ${tag}`;
      const product = await publishAsset(creator, title);
      browser = await launchChromium();

      const expected = [
        { stars: 4, average: "4.0 out of 5 stars from 1 review" },
        { stars: 5, average: "4.5 out of 5 stars from 2 reviews" },
      ];
      for (const [i, viewport] of VIEWPORTS.entries()) {
        await t.step(viewport.name, async () => {
          const { name, width, height } = viewport;
          const context = await browser!.newContext({ viewport: { width, height } });
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          page.on("console", (m) => m.type() === "error" && console.log(`[${name}] ${m.text()}`));
          try {
            // Sign-up without a name: a plain message, and focus on the field to fix.
            const next = encodeURIComponent(`/products/${product.slug}`);
            await page.goto(`${BASE}/signup?next=${next}`);
            await page.getByLabel("Email").fill(`reviews-${name}-${tag}@example.com`);
            await page.getByLabel("Password").fill(PASSWORD);
            const create = page.getByRole("button", { name: "Create account" });
            await page.waitForSelector("form.form button[type=submit]:not([disabled])");
            await create.click();
            const nameField = page.getByLabel("Display name");
            await page.getByText("Enter your name", { exact: true }).waitFor();
            assert.equal(await nameField.getAttribute("aria-invalid"), "true");
            assert.match(
              (await nameField.getAttribute("aria-describedby")) ?? "",
              /signup-name-error/,
            );
            await eventually(
              () => nameField.evaluate((el) => el.matches(":focus")),
              5_000,
              "focus on the name field",
            );
            assert.equal(await page.getByText(/Too small|expected string/).count(), 0);
            await assertAccessible(page);
            await shot(page, `${name}_signup_name`);
            await nameField.fill(`Reviewer ${name}`);
            await create.click();
            await page.waitForURL(`${BASE}/products/${product.slug}`);

            // What's included: the file and its size; the description's headings sit under
            // the page's own.
            const included = page.getByRole("region", { name: "What’s included" });
            await included.getByText("field-notes.txt").waitFor();
            await included.getByText("1.5 KB", { exact: true }).waitFor();
            assert.equal(await page.locator(".prose h1").count(), 0);
            await page.locator(".prose h2", { hasText: "Field notes" }).waitFor();

            // Signed in but not an owner: no "Write a review".
            await openAsViewer(page, product.slug);
            assert.equal(await page.getByRole("button", { name: "Write a review" }).count(), 0);
            await assertAccessible(page);
            await shot(page, `${name}_not_owner`);

            // Buy it through the cart and checkout.
            await page.getByRole("button", { name: "Add to cart" }).click();
            await page.getByText(/^1 item in your cart/).waitFor();
            await page.goto(`${BASE}/checkout`);
            await page.getByText(`${title} × 1`).waitFor();
            await assertAccessible(page);
            await page.getByLabel("Visa ending 4242").check();
            await page.getByRole("button", { name: "Pay $7.00" }).click();
            await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
            await page.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 200_000 });
            await assertAccessible(page);

            // The library shows the file's size in the same format.
            await page.goto(`${BASE}/library`);
            await page.getByText("field-notes.txt (1.5 KB)").waitFor();
            await assertAccessible(page);

            // The owner writes a review; a missing rating is named and focused first.
            await eventually(
              async () => {
                await openAsViewer(page, product.slug);
                return await page.getByRole("button", { name: "Write a review" }).isVisible();
              },
              60_000,
              "Write a review offered to the owner",
            );
            await page.getByRole("button", { name: "Write a review" }).click();
            const text = page.getByLabel("Your review (optional)");
            await text.fill(`Birds <b>and</b> rain, heard on ${name}`);
            await page.getByRole("button", { name: "Post review" }).click();
            await page.getByText("Enter a rating", { exact: true }).waitFor();
            const firstStar = page.getByRole("radio", { name: "5 stars" });
            await eventually(
              () => firstStar.evaluate((el) => el.matches(":focus")),
              5_000,
              "focus on the rating",
            );
            await assertAccessible(page);
            await shot(page, `${name}_review_refused`);
            const { stars, average } = expected[i]!;
            await page.getByRole("radio", { name: `${stars} stars` }).check();
            await page.getByRole("button", { name: "Post review" }).click();
            await page.getByText("Thank you: your review is posted.").waitFor();
            const mine = page.locator(".review", { hasText: `Reviewer ${name}` });
            await mine.getByText(`Birds <b>and</b> rain, heard on ${name}`).waitFor();
            assert.equal(await page.locator(".review-body b").count(), 0, "text stays text");
            await page.getByRole("button", { name: "Edit your review" }).waitFor();

            // The page's average follows once the review's event has purged the cached page.
            await openShowing(page, product.slug, average);
            await page.locator(".review", { hasText: `Reviewer ${name}` }).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_reviewed`);

            // The product's card shows it too.
            await eventually(
              async () => {
                await page.goto(`${BASE}/products?q=${encodeURIComponent(title)}`);
                return await page.locator(".card-rating", { hasText: average }).count() > 0;
              },
              60_000,
              "the card's rating",
            );
            await assertAccessible(page);
            await shot(page, `${name}_card`);
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
