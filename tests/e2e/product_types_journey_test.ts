/**
 * Product types made real, through the pages only, in headless Chromium against the whole
 * platform in servers mode:
 * - a creator in London makes a live ticket (seats, an event at 19:00 London time, a length)
 *   and a membership (monthly, with perks) in the editor, picks a category from the list and
 *   adds tags as chips, publishes both, unpublishes the membership and publishes it again;
 * - buyers in other time zones (New York on a desktop, Tokyo on a phone) see the event in
 *   their own time and in the event's, the membership priced per month with its perks, buy
 *   both with Stripe's Visa test card, and find the ticket's start and "Watch" note and the
 *   membership's perks in their library.
 * Every page visited is checked with axe-core.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { answersOk, assertAccessible, eventually, launchChromium } from "@marquee/testing";
import { CHECKOUT_SERVICES, screenshotter, startJourneyPlatform } from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 10100;
const BASE = `http://localhost:${8000 + OFFSET}`;
const PASSWORD = "product types 2026";
// 19:00 in London on Saturday 20 March 2027 (GMT): 15:00 in New York (EDT), 04:00 on Sunday
// in Tokyo.
const BUYERS = [
  {
    name: "desktop",
    viewport: { width: 1280, height: 900 },
    timezoneId: "America/New_York",
    local: "Sat, 20 Mar 2027, 15:00 (your time, GMT-4)",
  },
  {
    name: "mobile",
    viewport: { width: 390, height: 844 },
    timezoneId: "Asia/Tokyo",
    local: "Sun, 21 Mar 2027, 04:00 (your time, GMT+9)",
  },
] as const;

const shot = screenshotter("types");

/** Checks the page with axe and keeps a screenshot of it. */
async function look(page: Page, name: string) {
  await assertAccessible(page, name);
  await shot(page, name);
}

/** Records page errors of `page` under `who`. */
function watch(page: Page, who: string, errors: string[]) {
  page.on("pageerror", (e) => errors.push(`[${who}] ${e.message}`));
  page.on("console", (m) => m.type() === "error" && console.log(`[${who}] ${m.text()}`));
  page.on("response", (r) => r.status() >= 400 && console.log(`[${who}] ${r.status()} ${r.url()}`));
}

/** Signs up a new account through the page. */
async function signUp(page: Page, email: string, name: string, creator: boolean) {
  await page.goto(`${BASE}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  if (creator) await page.getByLabel(/sell products/).check();
  await page.getByRole("button", { name: /sign up|create account/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signup"));
}

/** Publishes the product open in the editor; answers its store link. */
async function publishInEditor(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("status").filter({ hasText: "Published." }).waitFor();
  const store = page.getByRole("link", { name: "View on store" });
  await store.waitFor();
  return (await store.getAttribute("href"))!;
}

Deno.test({
  name: "e2e: live tickets and memberships, made in the editor, bought across time zones",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const platform = await startJourneyPlatform(OFFSET, { mode: "servers" });
    let browser: Browser | undefined;
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
      const tag = crypto.randomUUID().slice(0, 6);
      const ticketTitle = `Mixing live ${tag}`;
      const clubTitle = `Sample club ${tag}`;
      let ticketHref = "";
      let clubHref = "";

      await t.step(
        "a creator in London makes a ticket and a membership in the editor",
        async () => {
          const context = await browser!.newContext({
            viewport: { width: 1280, height: 900 },
            timezoneId: "Europe/London",
          });
          const page = await context.newPage();
          watch(page, "creator", errors);
          page.on("dialog", (d) => void d.accept());
          try {
            await signUp(page, `types-creator-${tag}@example.com`, "Cleo Clock", true);
            await page.goto(`${BASE}/dashboard/products/new`);
            await page.getByLabel("Title").fill(ticketTitle);
            await page.getByText(`${ticketTitle.length} of 140 characters`).waitFor();
            await page.getByLabel("Type").selectOption("live_ticket");
            // A ticket's seats are required: the hint never offers "unlimited".
            await page.getByText("How many seats you sell. A ticket needs one to go on sale.")
              .waitFor();
            assert.equal(await page.getByText(/leave empty for unlimited/).count(), 0);
            await page.getByLabel("Capacity").fill("10");
            await page.getByLabel("Starts", { exact: true }).fill("2027-03-20T19:00");
            assert.equal(await page.getByLabel("Time zone").inputValue(), "Europe/London");
            await page.getByLabel("Length in minutes (optional)").fill("90");
            await page.getByLabel("Price").fill("15");
            await page.getByLabel("Category").selectOption({ label: "Audio Production" });
            const tags = page.getByLabel("Tags", { exact: true });
            await tags.fill("mixing");
            await tags.press("Enter");
            await tags.fill("live,");
            await tags.fill("q&a");
            await tags.press("Enter");
            await page.getByRole("button", { name: "Remove tag q&a" }).click();
            assert.deepEqual(
              await page.getByRole("list", { name: "Tags added" }).locator(".chip > span")
                .allInnerTexts(),
              ["mixing", "live"],
            );
            await page.getByLabel("Description").fill("Bring your mixes; we fix them live.");
            await look(page, "editor_ticket_new");
            await page.getByRole("button", { name: "Create draft" }).click();
            await page.waitForURL(/\/dashboard\/products\/[0-9a-f-]{36}$/);
            await page.getByLabel("Starts", { exact: true }).waitFor();
            assert.equal(
              await page.getByLabel("Starts", { exact: true }).inputValue(),
              "2027-03-20T19:00",
            );
            assert.equal(await page.getByLabel("Category").inputValue(), "audio-production");
            ticketHref = await publishInEditor(page);
            await look(page, "editor_ticket_published");

            await page.goto(`${BASE}/dashboard/products/new`);
            await page.getByLabel("Title").fill(clubTitle);
            await page.getByLabel("Type").selectOption("membership");
            assert.equal(await page.getByLabel("Capacity").count(), 0);
            await page.getByLabel("Billing period").selectOption({ label: "Monthly" });
            await page.getByLabel("What members get").fill(
              "A sample pack every month\nMembers-only mixing clinic",
            );
            await page.getByLabel("Price").fill("9");
            await page.getByLabel("Category").selectOption({ label: "Music" });
            await page.getByRole("button", { name: "Create draft" }).click();
            await page.waitForURL(/\/dashboard\/products\/[0-9a-f-]{36}$/);
            await page.getByLabel("What members get").waitFor();
            clubHref = await publishInEditor(page);
            // Unpublish takes it off the store, back to a draft; publishing again restores it.
            await page.getByRole("button", { name: "Unpublish" }).click();
            await page.getByRole("status").filter({ hasText: "Unpublished" }).waitFor();
            assert.equal(await page.getByRole("link", { name: "View on store" }).count(), 0);
            await page.locator(".status-line").filter({ hasText: "draft" }).waitFor();
            await look(page, "editor_membership_draft");
            clubHref = await publishInEditor(page);
            const clubEditor = page.url();

            // An archived product is shown read-only.
            await page.goto(`${BASE}/dashboard/products/new`);
            await page.getByLabel("Title").fill(`Old notes ${tag}`);
            await page.getByLabel("Price").fill("3");
            await page.getByRole("button", { name: "Create draft" }).click();
            await page.waitForURL(/\/dashboard\/products\/[0-9a-f-]{36}$/);
            await page.getByRole("button", { name: "Archive" }).click();
            await page.getByText("This product is archived").waitFor();
            assert.equal(await page.getByLabel("Title").isDisabled(), true);
            assert.equal(await page.getByRole("button", { name: "Save changes" }).count(), 0);
            await look(page, "editor_archived");

            // The editor on a phone fits the screen and passes the checks too.
            await page.setViewportSize({ width: 390, height: 844 });
            await page.goto(clubEditor);
            await page.getByLabel("What members get").waitFor();
            await look(page, "editor_membership_mobile");
          } finally {
            await context.close();
          }
        },
      );

      for (const buyer of BUYERS) {
        await t.step(`a buyer in ${buyer.timezoneId} (${buyer.name})`, async () => {
          const context = await browser!.newContext({
            viewport: buyer.viewport,
            timezoneId: buyer.timezoneId,
          });
          const page = await context.newPage();
          watch(page, buyer.name, errors);
          try {
            assert.ok(ticketHref && clubHref, "the creator's products are on the store");
            await signUp(page, `types-${buyer.name}-${tag}@example.com`, "Ben Buyer", false);

            // The ticket: its start in the buyer's own zone, and in the event's.
            await page.goto(`${BASE}${ticketHref}`);
            await page.getByRole("heading", { name: ticketTitle, level: 1 }).waitFor();
            const start = page.locator(".event-details time");
            await eventually(
              async () => (await start.innerText()) === buyer.local,
              10_000,
              "the event time in the buyer's zone",
            );
            await page.getByText("Sat, 20 Mar 2027, 19:00 in Europe/London (GMT)").waitFor();
            await page.getByText("1 h 30 min").waitFor();
            await look(page, `${buyer.name}_ticket_page`);
            await page.waitForSelector(".add-to-cart button:not([disabled])");
            await page.getByRole("button", { name: "Add to cart" }).click();
            await page.getByText(/1 item in your cart/).waitFor();

            // The membership: priced per month, with what members get.
            await page.goto(`${BASE}${clubHref}`);
            await page.getByRole("heading", { name: clubTitle, level: 1 }).waitFor();
            await page.locator(".product-price").filter({ hasText: "$9.00 / month" }).waitFor();
            const perks = page.getByRole("region", { name: "What members get" });
            await perks.getByText("A sample pack every month").waitFor();
            await perks.getByText("Members-only mixing clinic").waitFor();
            await look(page, `${buyer.name}_membership_page`);
            await page.waitForSelector(".add-to-cart button:not([disabled])");
            await page.getByRole("button", { name: "Add to cart" }).click();
            await page.getByText(/2 items in your cart/).waitFor();

            // Pays with Stripe's Visa test card.
            await page.goto(`${BASE}/checkout`);
            await page.getByRole("heading", { name: "Order summary" }).waitFor();
            await look(page, `${buyer.name}_checkout`);
            await page.getByLabel("Visa ending 4242").check();
            await page.getByRole("button", { name: "Pay $24.00" }).click();
            await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
            await page.getByRole("heading", { name: "Complete" }).waitFor({ timeout: 200_000 });
            await look(page, `${buyer.name}_order`);

            // The library: the ticket's start in the buyer's zone and where to watch; the perks.
            await page.goto(`${BASE}/library`);
            const ticket = page.locator(".library-item").filter({ hasText: ticketTitle });
            await ticket.waitFor({ timeout: 30_000 });
            await eventually(
              async () => (await ticket.locator(".library-event time").count()) === 1,
              30_000,
              "the ticket's event in the library",
            );
            assert.equal(
              await ticket.locator(".library-event").innerText().then((t) => t.split("\n")[0]),
              `Starts ${buyer.local}`,
            );
            const watchButton = ticket.getByRole("button", { name: "Watch" });
            assert.equal(await watchButton.isDisabled(), true);
            await ticket.getByText("Watch opens here when the stream starts.").waitFor();
            const club = page.locator(".library-item").filter({ hasText: clubTitle });
            await club.getByText("A sample pack every month").waitFor();
            await club.getByText("Members-only mixing clinic").waitFor();
            await look(page, `${buyer.name}_library`);
          } catch (error) {
            await shot(page, `${buyer.name}_failed`).catch(() => {});
            throw error;
          } finally {
            await context.close();
          }
        });
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser?.close();
      await platform.stop();
    }
  },
});
