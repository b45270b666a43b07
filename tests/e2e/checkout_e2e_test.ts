/**
 * Checkout end to end, in headless Chromium against the whole platform in servers mode (real
 * PostgreSQL, Kafka, Redis, MinIO, stripe-mock, Mailpit): a creator publishes two products
 * with a file through the API; a signed-out buyer puts one in the guest cart, signs up (the
 * guest cart moves into the account's), pays with Stripe's Visa test card, watches the order
 * turn COMPLETED without reloading, downloads the file from the library and gets the receipt
 * by email. A second order with the declining test card ends with a clear message and grants
 * nothing; the cart keeps the item, "Try another card" leads back to checkout and the Visa
 * card completes the order, which then leaves the cart. The creator then sees both sales.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { answersOk, eventually, launchChromium } from "@marquee/testing";
import { screenshotter, startJourneyPlatform } from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 6000;
const BASE = `http://localhost:${8000 + OFFSET}`;
const MAILPIT = "http://127.0.0.1:8025";
const JSON_TYPE = { "content-type": "application/json" };
const CHECKOUT_SERVICES = [
  ["orders", 8103],
  ["payments", 8104],
  ["subscriptions", 8105],
  ["notifications", 8106],
] as const;

const shot = screenshotter("checkout");

async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${BASE}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...JSON_TYPE,
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function login(email: string, password: string): Promise<string> {
  const res = await api("/api/auth/login", { body: { email, password } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.accessToken;
}

/** A published product with one downloadable file, made through the catalog API. */
async function publishWithFile(token: string, title: string, bytes: Uint8Array<ArrayBuffer>) {
  const created = await api("/api/products", {
    token,
    body: {
      title,
      type: "asset",
      price: { amount: 1299, currency: "USD" },
      category: "music",
      tags: ["samples"],
      description: `## ${title}\n\nOne file of samples for the checkout flow.`,
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id: string = created.body.id;
  const file = await api(`/api/products/${id}/files`, {
    token,
    body: { name: "samples.txt", size: bytes.length, contentType: "text/plain" },
  });
  assert.equal(file.status, 201, JSON.stringify(file.body));
  const put = await fetch(file.body.upload.url, {
    method: "PUT",
    headers: file.body.upload.headers,
    body: bytes,
  });
  assert.ok(put.ok, `upload: ${put.status} ${await put.text()}`);
  const confirmed = await api(`/api/products/${id}/files/${file.body.file.id}/confirm`, {
    token,
    method: "POST",
  });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  const published = await api(`/api/products/${id}/publish`, { token, method: "POST" });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  return { id, slug: published.body.slug as string, title };
}

interface MailpitMessage {
  ID: string;
  Subject: string;
  To: { Address: string }[];
}

async function mailsTo(address: string): Promise<MailpitMessage[]> {
  const query = encodeURIComponent(`to:"${address}"`);
  const res = await fetch(`${MAILPIT}/api/v1/search?query=${query}`);
  if (!res.ok) return [];
  return ((await res.json()).messages ?? []) as MailpitMessage[];
}

Deno.test({
  name: "e2e: guest cart, sign-up merge, Visa pays live to the library and a receipt; a decline",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const platform = await startJourneyPlatform(OFFSET, {
      env: {
        // Other copies of the platform share the consumer groups: a rebalance can hold a
        // command for tens of seconds, which must not read as a payment that never answered.
        PAYMENT_TIMEOUT_MS: "180000",
      },
    });
    let browser: Browser | undefined;
    let current: Page | undefined;
    try {
      // The platform is ready when the edge, users and catalog are; checkout needs the rest.
      for (const [name, port] of CHECKOUT_SERVICES) {
        await eventually(
          () => answersOk(`http://127.0.0.1:${port + OFFSET}/health/ready`),
          120_000,
          `${name} ready`,
        );
      }
      const tag = crypto.randomUUID().slice(0, 8);
      const password = "checkout flows 2026";

      // The creator and two products, through the API.
      const creatorEmail = `creator-${tag}@example.com`;
      const reg = await api("/api/auth/register", {
        body: { email: creatorEmail, password, displayName: "Cora Creator", role: "creator" },
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      const creatorToken = await login(creatorEmail, password);
      const fileBytes = new TextEncoder().encode(`kick, snare, hat ${tag}\n`.repeat(64));
      const paid = await publishWithFile(creatorToken, `Drum samples ${tag}`, fileBytes);
      const declined = await publishWithFile(creatorToken, `Bass samples ${tag}`, fileBytes);

      browser = await launchChromium();
      const errors: string[] = [];
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      current = page;
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && console.log(`[buyer] ${m.text()}`));
      page.on(
        "response",
        (r) => r.status() >= 400 && console.log(`[buyer] ${r.status()} ${r.url()}`),
      );

      // Signed out: the product goes into the guest cart cookie.
      await page.goto(`${BASE}/products/${paid.slug}`);
      await page.getByRole("heading", { name: paid.title, level: 1 }).waitFor();
      const add = page.getByRole("button", { name: "Add to cart" });
      await page.waitForSelector(".add-to-cart button:not([disabled])");
      await add.click();
      await page.getByText(/^1 item in your cart/).waitFor();
      const guestCookie = async () =>
        (await context.cookies()).find((c) => c.name === "marquee_cart")?.value;
      assert.equal(await guestCookie(), `${paid.id}:1`);
      await page.getByRole("link", { name: "Cart 1 item" }).waitFor();

      // The cart page, priced from the catalog.
      await page.goto(`${BASE}/cart`);
      await page.getByRole("row", { name: new RegExp(paid.title) }).waitFor();
      assert.ok(await page.getByText("Total: $12.99").isVisible());
      await page.getByLabel(`Quantity of ${paid.title}`).selectOption("2");
      await page.getByText("Total: $25.98").waitFor();
      await page.getByRole("link", { name: "Cart 2 items" }).waitFor();
      assert.equal(await guestCookie(), `${paid.id}:2`);
      await page.getByLabel(`Quantity of ${paid.title}`).selectOption("1");
      await page.getByText("Total: $12.99").waitFor();
      await shot(page, "guest_cart");

      // Checkout asks for an account; signing up brings the guest cart along.
      const buyerEmail = `buyer-${tag}@example.com`;
      await page.getByRole("link", { name: "Checkout" }).click();
      await page.waitForURL(/\/signup/);
      await page.getByLabel("Email").fill(buyerEmail);
      await page.getByLabel("Display name").fill("Bea Buyer");
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: /sign up|create account/i }).click();
      await page.waitForURL(/\/checkout$/);
      await page.getByRole("heading", { name: "Order summary" }).waitFor();
      assert.ok(await page.getByText(`${paid.title} × 1`).isVisible());
      assert.equal(await guestCookie(), undefined, "the guest cart cookie is cleared");
      await shot(page, "checkout");

      // Pay with the Visa test card; the order page turns COMPLETED without a reload.
      let firstKey = "";
      page.on("request", (r) => {
        if (r.method() === "POST" && r.url().endsWith("/api/orders") && !firstKey) {
          firstKey = r.headers()["idempotency-key"] ?? "";
        }
      });
      await page.getByLabel("Visa ending 4242").check();
      await page.getByRole("button", { name: /^Pay/ }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      const orderId = page.url().split("/").pop()!;
      // Every status the page shows, in order.
      await page.evaluate(`(() => {
        const seen = [];
        globalThis.seenStatuses = seen;
        const record = () => {
          const text = document.querySelector("#order-status")?.textContent ?? "";
          if (text && seen.at(-1) !== text) seen.push(text);
        };
        record();
        new MutationObserver(record)
          .observe(document.body, { subtree: true, childList: true, characterData: true });
      })()`);
      await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
      const started = Date.now();
      await page.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 200_000 });
      const completedSeconds = (Date.now() - started) / 1000;
      assert.equal(await page.evaluate(() => "sameDocument" in globalThis), true, "no reload");
      const via = await page.locator("section.order").getAttribute("data-updated-by");
      const statuses = await page.evaluate(() =>
        (globalThis as unknown as { seenStatuses: string[] }).seenStatuses
      );
      assert.equal(statuses.at(-1), "Complete");
      console.log(
        `Order COMPLETED on the page after ${completedSeconds.toFixed(1)} s, by ${via}: ${
          statuses.join(" → ")
        }`,
      );
      await shot(page, "order_completed");

      // The library: download the file and compare bytes.
      await page.getByRole("link", { name: "Open your library" }).click();
      await page.waitForURL(/\/library$/);
      await page.getByRole("heading", { name: paid.title }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download samples.txt" }).click(),
      ]);
      const downloaded = new Uint8Array(await readFile((await download.path())!));
      assert.deepEqual(downloaded, fileBytes);
      await shot(page, "library");

      // The receipt email.
      let receipt: MailpitMessage | undefined;
      await eventually(
        async () => {
          receipt = (await mailsTo(buyerEmail)).find((m) => /receipt/i.test(m.Subject));
          return receipt !== undefined;
        },
        120_000,
        "receipt email",
      );
      assert.ok(receipt?.To.some((t) => t.Address === buyerEmail));

      // A second order with the declining test card: a clear message, nothing granted.
      await page.goto(`${BASE}/products/${declined.slug}`);
      await page.waitForSelector(".add-to-cart button:not([disabled])");
      await page.getByRole("button", { name: "Add to cart" }).click();
      await page.getByText(/^1 item in your cart/).waitFor();
      await page.goto(`${BASE}/checkout`);
      // The first answer is lost on the way back: the retry sends the same Idempotency-Key
      // and gets the same order.
      const keys: string[] = [];
      let dropped = false;
      await page.route("**/api/orders", async (route) => {
        keys.push(route.request().headers()["idempotency-key"] ?? "");
        if (dropped) return await route.continue();
        dropped = true;
        await route.fetch();
        await route.abort("connectionreset");
      });
      await page.getByLabel("Declined card", { exact: true }).check();
      await page.getByRole("button", { name: /^Pay/ }).click();
      await page.getByText(/could not reach Marquee/).waitFor();
      await page.getByRole("button", { name: /^Pay/ }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      await page.unroute("**/api/orders");
      const declinedUrl = page.url();
      assert.notEqual(declinedUrl.split("/").pop(), orderId);
      assert.equal(keys.length, 2);
      assert.equal(keys[0], keys[1], "a retry of the attempt sends the same key");
      assert.match(keys[0]!, /^[0-9a-f-]{36}$/);
      assert.notEqual(keys[0], firstKey, "a new attempt has a new key");
      await page.getByText("Your card was declined. You have not been charged.")
        .waitFor({ timeout: 200_000 });
      await page.getByRole("heading", { name: "Cancelled" }).waitFor();
      await shot(page, "order_declined");
      const buyerToken = await login(buyerEmail, password);
      const owns = async (productId: string) =>
        (await api(`/api/entitlements/check?productId=${productId}`, { token: buyerToken }))
          .body.access;
      assert.equal(await owns(paid.id), true);
      const orders = await api("/api/orders", { token: buyerToken });
      assert.equal(orders.body.items.length, 2, "the lost answer's retry placed no second order");
      assert.equal(await owns(declined.id), false);
      await page.goto(`${BASE}/library`);
      await page.getByRole("heading", { name: paid.title }).waitFor();
      assert.equal(await page.getByRole("heading", { name: declined.title }).count(), 0);

      // The cart kept the item: "Try another card" goes back to checkout, and Visa pays.
      await page.goto(declinedUrl);
      const retry = page.getByRole("link", { name: "Try another card" });
      await retry.waitFor();
      await page.getByText("Your cart still holds these items.").waitFor();
      await page.getByRole("link", { name: "Cart 1 item" }).waitFor();
      await retry.click();
      await page.waitForURL(`${BASE}/checkout`);
      await page.getByText(`${declined.title} × 1`).waitFor();
      await page.getByLabel("Visa ending 4242").check();
      await page.getByRole("button", { name: /^Pay/ }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      const retriedId = page.url().split("/").pop()!;
      await page.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 200_000 });
      await shot(page, "order_retried");
      assert.equal(await owns(declined.id), true);
      // The completed order's line leaves the cart.
      await eventually(
        async () => (await api("/api/cart", { token: buyerToken })).body.items.length === 0,
        60_000,
        "cart emptied once the order completed",
      );
      await page.goto(`${BASE}/cart`);
      await page.getByText("Your cart is empty.").waitFor();

      // The creator's sales: the paid line only.
      const sales = await api("/api/sales", { token: creatorToken });
      assert.equal(sales.status, 200, JSON.stringify(sales.body));
      assert.deepEqual(
        sales.body.items.map((s: { productId: string; orderId: string }) => [
          s.productId,
          s.orderId,
        ]),
        [[declined.id, retriedId], [paid.id, orderId]],
      );
      const creator = await (await browser.newContext()).newPage();
      creator.on("pageerror", (e) => errors.push(e.message));
      await creator.goto(`${BASE}/signin?next=${encodeURIComponent("/dashboard/sales")}`);
      await creator.getByLabel("Email").fill(creatorEmail);
      await creator.getByLabel("Password").fill(password);
      await creator.getByRole("button", { name: "Sign in" }).click();
      await creator.waitForURL(/\/dashboard\/sales$/);
      await creator.getByRole("row", { name: new RegExp(paid.title) }).waitFor();
      await shot(creator, "sales");

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
