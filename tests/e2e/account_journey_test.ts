/**
 * A new member's account journey in headless Chromium against the whole platform in
 * servers mode (mail through Mailpit), at a desktop (1280x900) and a phone (390x844)
 * viewport, through the pages only:
 * - signing up lands on the welcome page with a next step (a creator's is their first
 *   product), and the welcome email's link confirms the address; the account page then
 *   says "Confirmed";
 * - changing the password is announced by email;
 * - signed out, "Forgot your password?" mails a link that sets a new password, and signing
 *   in takes the new one;
 * - changing the email waits for the link mailed to the new address, and the old address
 *   is told.
 * Every page passes axe-core with no serious or critical violation.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { answersOk, assertAccessible, eventually, launchChromium } from "@marquee/testing";
import { screenshotter, startJourneyPlatform, VIEWPORTS } from "./_platform.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 10300;
const BASE = `http://localhost:${8000 + OFFSET}`;
const MAILPIT = "http://127.0.0.1:8025";
const PASSWORD = "journeys of members 2026";
const CHANGED = "a changed pass phrase 2026";
const RESET = "a reset pass phrase 2026";

const shot = screenshotter("account");

/** The text of the newest email to `address` whose subject is `subject`, from Mailpit. */
async function mail(address: string, subject: string): Promise<string> {
  // Other tests share Mailpit: the unique address picks this run's messages.
  const query = encodeURIComponent(`to:"${address}" subject:"${subject}"`);
  let id = "";
  await eventually(
    async () => {
      const res = await fetch(`${MAILPIT}/api/v1/search?query=${query}`);
      const body = await res.json() as { messages: { ID: string; Subject: string }[] };
      id = body.messages.find((m) => m.Subject === subject)?.ID ?? "";
      return id !== "";
    },
    60_000,
    `"${subject}" mailed to ${address}`,
  );
  const res = await fetch(`${MAILPIT}/api/v1/message/${id}`);
  return (await res.json() as { Text: string }).Text;
}

/** The link in a mail's text that leads to `path`. */
function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://\\S+${path}\\?token=[\\w-]+`).exec(text);
  assert.ok(match, `no ${path} link in:\n${text}`);
  return match[0];
}

/** Opens a page and checks it with axe-core. */
async function visit(page: Page, url: string) {
  await page.goto(url);
  await assertAccessible(page);
}

Deno.test({
  name: "e2e: account journey (welcome, confirm email, change password, reset, change email)",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const platform = await startJourneyPlatform(OFFSET, { mode: "servers" });
    let browser: Browser | undefined;
    try {
      await eventually(
        () => answersOk(`http://127.0.0.1:${8106 + OFFSET}/health/ready`),
        120_000,
        "notifications ready",
      );
      browser = await launchChromium();
      for (const viewport of VIEWPORTS) {
        await t.step(viewport.name, async () => {
          const { name, width, height } = viewport;
          const tag = `${name}-${crypto.randomUUID().slice(0, 8)}`;
          const email = `member-${tag}@example.com`;
          const context = await browser!.newContext({ viewport: { width, height } });
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          try {
            // Sign up with no `next`: the welcome page offers the first step.
            await visit(page, `${BASE}/signup`);
            await page.getByLabel("Email").fill(email);
            await page.getByLabel("Display name").fill("Mina Member");
            await page.getByLabel("Password").fill(PASSWORD);
            await page.getByRole("button", { name: "Create account" }).click();
            await page.waitForURL(`${BASE}/welcome`);
            await page.getByRole("heading", { name: "Welcome to Marquee" }).waitFor();
            await page.getByText(email).waitFor();
            assert.ok(await page.getByRole("link", { name: "Browse the store" }).isVisible());
            await assertAccessible(page);
            await shot(page, `${name}_1_welcome`);

            // The welcome email's link confirms the address.
            const welcome = await mail(email, "Welcome to Marquee: confirm your email");
            await visit(page, linkIn(welcome, "/verify-email"));
            await page.getByText(`${email} is confirmed`).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_2_confirmed`);
            await visit(page, `${BASE}/account`);
            await page.getByText("Confirmed", { exact: true }).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_3_account`);

            // Changing the password: a wrong current one is named, then it works.
            await page.locator("#account-current-password").fill("not my password");
            await page.locator("#account-new-password").fill(CHANGED);
            await page.getByRole("button", { name: "Change password" }).click();
            await page.getByText("Your current password is incorrect").waitFor();
            await page.locator("#account-current-password").fill(PASSWORD);
            await page.getByRole("button", { name: "Change password" }).click();
            await page.getByText("Your password was changed.").waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_4_password_changed`);
            assert.match(await mail(email, "Your password was changed"), /account page/);

            // Signed out, the password is forgotten: a mailed link sets a new one.
            await page.getByRole("button", { name: "Mina Member" }).click();
            await page.getByRole("button", { name: "Sign out" }).click();
            await page.waitForURL(`${BASE}/`);
            await visit(page, `${BASE}/signin`);
            await page.getByRole("link", { name: "Forgot your password?" }).click();
            await page.waitForURL(`${BASE}/forgot-password`);
            await assertAccessible(page);
            await page.getByLabel("Email").fill(email);
            await page.getByRole("button", { name: "Send me a reset link" }).click();
            await page.getByText("we sent it a link to choose a new password").waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_5_forgot`);
            const reset = await mail(email, "Reset your Marquee password");
            await visit(page, linkIn(reset, "/reset-password"));
            await page.getByLabel("New password").fill(RESET);
            await page.getByRole("button", { name: "Set new password" }).click();
            await page.getByText("Your new password is set").waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_6_reset`);
            const resetLink = linkIn(reset, "/reset-password");
            await page.getByRole("link", { name: "Sign in with your new password" }).click();
            await page.waitForURL(`${BASE}/signin`);
            await page.getByLabel("Email").fill(email);
            await page.getByLabel("Password").fill(CHANGED);
            await page.getByRole("button", { name: "Sign in" }).click();
            await page.getByText("Email or password is incorrect.").waitFor();
            await page.getByLabel("Password").fill(RESET);
            await page.getByRole("button", { name: "Sign in" }).click();
            await page.waitForURL(`${BASE}/`);

            // A used link says so plainly.
            await visit(page, resetLink);
            await page.getByLabel("New password").fill("one more pass phrase 2026");
            await page.getByRole("button", { name: "Set new password" }).click();
            await page.getByText("This link was already used.").waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_7_used_link`);

            // Changing the email applies once the new address confirms it.
            const newEmail = `moved-${tag}@example.com`;
            await visit(page, `${BASE}/account`);
            await page.getByLabel("New email").fill(newEmail);
            await page.locator("#account-email-password").fill(RESET);
            await page.getByRole("button", { name: "Change email" }).click();
            await page.getByText(`We sent a link to ${newEmail}. Your email changes`).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_8_email_pending`);
            const confirm = await mail(newEmail, "Confirm your new Marquee email");
            await visit(page, linkIn(confirm, "/verify-email"));
            await page.getByText(`Your email is now ${newEmail}.`, { exact: false }).waitFor();
            await assertAccessible(page);
            assert.match(await mail(email, "Your Marquee email was changed"), new RegExp(newEmail));
            await visit(page, `${BASE}/account`);
            await page.getByText(newEmail, { exact: true }).waitFor();
            await page.getByText("Confirmed", { exact: true }).waitFor();
            await shot(page, `${name}_9_email_changed`);
            assert.deepEqual(errors, []);
          } finally {
            await context.close();
          }
        });
      }

      await t.step("a new creator's first step is their first product", async () => {
        const context = await browser!.newContext({ viewport: { width: 390, height: 844 } });
        const page = await context.newPage();
        try {
          await visit(page, `${BASE}/signup`);
          await page.getByLabel("Email").fill(
            `maker-${crypto.randomUUID().slice(0, 8)}@example.com`,
          );
          await page.getByLabel("Display name").fill("Milo Maker");
          await page.getByLabel("Password").fill(PASSWORD);
          await page.getByLabel(/sell products/).check();
          await page.getByRole("button", { name: "Create account" }).click();
          await page.waitForURL(`${BASE}/dashboard/welcome`);
          await page.getByRole("link", { name: "Create your first product" }).click();
          await page.waitForURL(`${BASE}/dashboard/products/new`);
          await page.goBack();
          await page.getByRole("heading", { name: "Sell your first product" }).waitFor();
          await assertAccessible(page);
          await shot(page, "mobile_creator_welcome");
        } finally {
          await context.close();
        }
      });
    } finally {
      await browser?.close();
      await platform.stop();
    }
  },
});
